package dev.flint.core.kernel.pointwise;

import dev.flint.core.kernel.runtime.VectorSupport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorRows#laneSum} adds the lanes in one fixed pairwise order, so a kernel's result has
 * the same bits whether it runs interpreted or compiled ({@code reduceLanes(ADD)} left the order
 * to the implementation: two identical LeNet models gave different logits in one test run).
 */
class VectorRowsTest {
    @Test
    void laneSumFoldsHalvesInAFixedOrder() {
        assumeTrue(VectorSupport.enabled(), "needs the Vector API");
        SplittableRandom r = new SplittableRandom(3);
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        for (int t = 0; t < 200; t++) {
            float[] x = new float[lanes];
            for (int i = 0; i < lanes; i++) {
                // mixed magnitudes, so a different order gives different bits
                x[i] = (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(8)));
            }
            float[] s = x.clone();
            for (int half = lanes / 2; half >= 1; half /= 2) {
                for (int i = 0; i < half; i++) {
                    s[i] = s[i] + s[i + half];
                }
            }
            float got = VectorRows.laneSum(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0), new float[lanes]);
            assertEquals(Float.floatToIntBits(s[0]), Float.floatToIntBits(got), "lanes " + java.util.Arrays.toString(x));
        }
    }
}
