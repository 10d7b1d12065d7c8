package dev.metalora.linear;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Everything the squared loss needs from a task's data, computed once: {@code Sigma = X X^T / N},
 * {@code C = Y X^T / N} and {@code yy = ||Y||_F^2 / N}. Then for any {@code Theta}
 * <pre>
 *   L(Theta) = 1/(2N) ||Theta X - Y||_F^2 = 1/2 tr(Theta Sigma Theta^T) - tr(Theta C^T) + yy/2,
 *   grad L(Theta) = (Theta X - Y) X^T / N = Theta Sigma - C,
 * </pre>
 * so a gradient step costs {@code O(d^3)} whatever N is. Arrays are flat row-major copies.
 */
public record SufficientStats(int dim, int samples, double[] sigma, double[] c, double yy) {

    public SufficientStats {
        sigma = sigma.clone();
        c = c.clone();
    }

    static SufficientStats of(INDArray x, INDArray y) {
        Nd4jKernel.INSTANCE.name(); // double precision defaults
        int n = (int) x.columns(), d = (int) x.rows();
        INDArray s = Nd4j.gemm(x, x, false, true).divi(n);
        INDArray sym = s.add(s.transpose()).muli(0.5); // exactly symmetric, as X X^T is
        INDArray c = Nd4j.gemm(y, x, false, true).divi(n);
        double yy = y.norm2Number().doubleValue();
        return new SufficientStats(d, n, Matrices.flat(sym), Matrices.flat(c), yy * yy / n);
    }

    @Override
    public double[] sigma() {
        return sigma.clone();
    }

    @Override
    public double[] c() {
        return c.clone();
    }

    /** The loss {@code L(Theta)} from the statistics alone (Theta flat row-major, d x d). */
    public double loss(double[] theta) {
        int d = dim;
        double quad = 0, lin = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double ts = 0;
                for (int l = 0; l < d; l++) {
                    ts += theta[i * d + l] * sigma[l * d + j];
                }
                quad += ts * theta[i * d + j];
                lin += theta[i * d + j] * c[i * d + j];
            }
        }
        return 0.5 * quad - lin + 0.5 * yy;
    }
}
