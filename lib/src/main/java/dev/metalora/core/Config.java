package dev.metalora.core;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.Serializable;

/**
 * Every parameter of one run of a setting, as used: validated when built, immutable, serialisable
 * (a runner ships it to wherever its jobs run) and exported as JSON in every result.
 */
public interface Config extends Serializable {

    /** The parameters as a JSON object, under the names of the builder's methods. */
    ObjectNode toJson();
}
