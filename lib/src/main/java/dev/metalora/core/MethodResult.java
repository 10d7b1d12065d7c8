package dev.metalora.core;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.Serializable;

/** One method's outcome over the trials (or seeds) of a comparison: immutable, serialisable, JSON. */
public interface MethodResult extends Serializable {

    /** The method's statistics and curves as JSON (the {@code "methods"} entries of a comparison). */
    ObjectNode toJson();
}
