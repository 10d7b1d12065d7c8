package dev.metalora;

/** Command-line entry of environment/run: {@code run --out DIR}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        throw new UnsupportedOperationException("the main job arrives with the linear engine");
    }
}
