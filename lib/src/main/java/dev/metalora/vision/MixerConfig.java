package dev.metalora.vision;

/**
 * Shape of an MLP-Mixer (Tolstikhin et al. 2021): square {@code side x side} images with
 * {@code channels} channels cut into {@code patch x patch} patches, each embedded to {@code width};
 * {@code depth} mixer layers, each a token-mixing MLP (hidden size {@code tokens * tokenExpansion})
 * and a channel-mixing MLP (hidden size {@code width * channelExpansion}), both pre-LayerNorm with a
 * residual; then LayerNorm, mean over patches and a {@code classes}-way head.
 */
public record MixerConfig(int channels, int side, int patch, int width, int depth,
                          double tokenExpansion, double channelExpansion, double dropout, int classes) {

    public MixerConfig {
        positive("channels", channels);
        positive("side", side);
        positive("patch", patch);
        positive("width", width);
        positive("depth", depth);
        positive("classes", classes);
        if (side % patch != 0) {
            throw new IllegalArgumentException("patch: " + patch + " must divide the image side " + side);
        }
        if (!(tokenExpansion > 0) || !(channelExpansion > 0)) {
            throw new IllegalArgumentException("expansions: must be positive, got token " + tokenExpansion
                    + ", channel " + channelExpansion);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout: must be in [0, 1), got " + dropout);
        }
    }

    /**
     * The paper's Mixer for {@code channels x side x side} images: patch 4, width 128, depth 1,
     * token-mixing expansion 4, channel-mixing expansion 0.5, dropout 0.1, 2 classes.
     */
    public static MixerConfig reference(int channels, int side) {
        return new MixerConfig(channels, side, 4, 128, 1, 4.0, 0.5, 0.1, 2);
    }

    /** Number of patches (tokens): {@code (side / patch)^2}. */
    public int tokens() {
        return (side / patch) * (side / patch);
    }

    /** Values per patch: {@code channels * patch^2}. */
    public int patchSize() {
        return channels * patch * patch;
    }

    public int tokenHidden() {
        return Math.max(1, (int) (tokens() * tokenExpansion));
    }

    public int channelHidden() {
        return Math.max(1, (int) (width * channelExpansion));
    }

    public MixerConfig withWidth(int w) {
        return new MixerConfig(channels, side, patch, w, depth, tokenExpansion, channelExpansion, dropout, classes);
    }

    public MixerConfig withDepth(int d) {
        return new MixerConfig(channels, side, patch, width, d, tokenExpansion, channelExpansion, dropout, classes);
    }

    public MixerConfig withPatch(int p) {
        return new MixerConfig(channels, side, p, width, depth, tokenExpansion, channelExpansion, dropout, classes);
    }

    public MixerConfig withExpansions(double token, double channel) {
        return new MixerConfig(channels, side, patch, width, depth, token, channel, dropout, classes);
    }

    public MixerConfig withDropout(double p) {
        return new MixerConfig(channels, side, patch, width, depth, tokenExpansion, channelExpansion, p, classes);
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + ": must be positive, got " + v);
        }
    }
}
