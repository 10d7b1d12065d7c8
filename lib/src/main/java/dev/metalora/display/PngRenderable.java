package dev.metalora.display;

/** A value that shows itself in a notebook as one PNG image (a group of charts, say). */
public interface PngRenderable {

    /** The image as PNG bytes. */
    byte[] png();
}
