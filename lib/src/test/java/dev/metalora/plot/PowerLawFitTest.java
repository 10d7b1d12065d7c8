package dev.metalora.plot;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class PowerLawFitTest {

    @Test
    void fitRecoversExactPowerLaw() {
        double[] x = {25, 50, 100, 200, 400};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 7.5e-3 * Math.pow(x[i], -1.25);
        }
        PowerLawFit fit = PowerLawFit.fit(x, y);
        // Exact data: only rounding error in the logs (~1e-16 relative) remains.
        assertEquals(-1.25, fit.slope(), 1e-12);
        assertEquals(7.5e-3, fit.prefactor(), 1e-12 * 7.5e-3 * 1e3);
        assertEquals(7.5e-3 * Math.pow(300, -1.25), fit.at(300), 1e-12);
        assertEquals(5, fit.points());
    }

    @Test
    void fitIsLeastSquaresOnLogs() {
        // log2-spaced x; y alternates a factor e above and below x^-1: residuals +1, -1, +1, -1 in
        // log y are orthogonal to log x only on average, so the slope moves slightly; the closed form:
        double[] x = {1, 2, 4, 8};
        double[] y = {Math.E, 0.5 / Math.E, 0.25 * Math.E, 0.125 / Math.E};
        double[] lx = {0, Math.log(2), 2 * Math.log(2), 3 * Math.log(2)};
        double[] ly = new double[4];
        for (int i = 0; i < 4; i++) {
            ly[i] = Math.log(y[i]);
        }
        double mx = (lx[0] + lx[1] + lx[2] + lx[3]) / 4, my = (ly[0] + ly[1] + ly[2] + ly[3]) / 4;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < 4; i++) {
            sxy += (lx[i] - mx) * (ly[i] - my);
            sxx += (lx[i] - mx) * (lx[i] - mx);
        }
        assertEquals(sxy / sxx, PowerLawFit.fit(x, y).slope(), 1e-12);
    }

    @Test
    void nonPositiveOrDegenerateDataIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> PowerLawFit.fit(new double[]{1, 2}, new double[]{1, 0}));
        assertThrows(IllegalArgumentException.class, () -> PowerLawFit.fit(new double[]{3, 3}, new double[]{1, 2}));
        assertThrows(IllegalArgumentException.class, () -> PowerLawFit.fit(new double[]{1}, new double[]{1, 2}));
    }
}
