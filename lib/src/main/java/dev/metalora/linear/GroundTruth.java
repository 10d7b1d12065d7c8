package dev.metalora.linear;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One task's ground truth: its adapter factors and {@code Theta* = A* + U* V*^T} (with
 * {@code V* = U*} for symmetric families). Arrays are copies; changing them changes nothing else.
 */
public record GroundTruth(INDArray u, INDArray v, INDArray theta) {
    public GroundTruth {
        u = u.dup();
        v = v.dup();
        theta = theta.dup();
    }

    @Override
    public INDArray u() {
        return u.dup();
    }

    @Override
    public INDArray v() {
        return v.dup();
    }

    @Override
    public INDArray theta() {
        return theta.dup();
    }
}
