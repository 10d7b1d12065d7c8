package dev.metalora.theory;

import dev.metalora.linear.GroundTruth;
import dev.metalora.linear.TaskFamily;
import dev.metalora.linear.Validate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/** Closed forms of the linear setting (PAPER.md, "What the theory says"). */
public final class LinearTheory {
    private LinearTheory() {
    }

    /**
     * Standard retraining's population solution {@code A_SR = A* + (1/T) sum_t U*_t V*_t^T}, the
     * minimiser of {@code (1/T) sum_t E L_t(A)} when {@code x ~ N(0, I)} (theory item 1).
     */
    public static INDArray standardSolution(TaskFamily family) {
        INDArray a = family.aStar();
        INDArray mean = Nd4j.zeros(DataType.DOUBLE, family.dim(), family.dim());
        for (int t = 0; t < family.tasks(); t++) {
            GroundTruth task = family.task(t);
            mean.addi(task.theta().subi(a));
        }
        return a.addi(mean.divi(family.tasks()));
    }

    /**
     * The singular values of {@code m}, largest first: the non-negative eigenvalues of the
     * symmetric {@code [[0, M], [M^T, 0]]}, which are {@code +-sigma_i} (no squaring, so small
     * singular values keep their accuracy).
     */
    public static double[] singularValues(INDArray m) {
        int rows = (int) m.rows(), cols = (int) m.columns(), n = rows + cols;
        INDArray h = Nd4j.zeros(DataType.DOUBLE, n, n);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double x = m.getDouble(i, j);
                h.putScalar(i, rows + j, x);
                h.putScalar(rows + j, i, x);
            }
        }
        double[] eig = Eigen.symmetricGeneralizedEigenvalues(h, false).toDoubleVector();
        Arrays.sort(eig);
        double[] s = new double[Math.min(rows, cols)];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.max(0.0, eig[n - 1 - i]);
        }
        return s;
    }

    /**
     * The smallest excess risk {@code ||base + U V^T - Theta*||_F^2} that any rank-r adapter can
     * reach from {@code base}: {@code sum_{i>r} sigma_i(Theta* - base)^2} (Eckart-Young). From SR's
     * population base this is a floor that no amount of fine-tuning data removes.
     */
    public static double rankFloor(INDArray thetaStar, INDArray base, int rank) {
        Validate.range("rank", rank, 0, Math.min(base.rows(), base.columns()));
        double[] s = singularValues(thetaStar.sub(base));
        double floor = 0;
        for (int i = rank; i < s.length; i++) {
            floor += s[i] * s[i];
        }
        return floor;
    }

    /** {@link #rankFloor} from SR's population solution for unseen task {@code unseen} of the family. */
    public static double standardFloor(TaskFamily family, int unseen, int rank) {
        return rankFloor(family.unseen(unseen).theta(), standardSolution(family), rank);
    }
}
