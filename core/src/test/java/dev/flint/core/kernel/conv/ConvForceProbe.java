package dev.flint.core.kernel.conv;

/**
 * Run by {@link ConvPlannerTest} in a child JVM with {@code -Dflint.conv.algorithm} set: prints
 * the algorithm of each pass of a layer Winograd takes by default and of one it cannot take, and
 * whether the forced forward pass still computes the convolution.
 */
public final class ConvForceProbe {
    private ConvForceProbe() {
    }

    public static void main(String[] args) {
        ConvGeometry wino = new ConvGeometry(8, 32, 16, 16, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        ConvGeometry strided = new ConvGeometry(2, 4, 9, 9, 6, 3, 3, 2, 2, 1, 1, 1, 1, 1);
        for (ConvGeometry g : new ConvGeometry[] {wino, strided}) {
            System.out.println("plan " + ConvPlanner.plan(g, ConvPass.FORWARD) + " " + ConvPlanner.plan(g, ConvPass.INPUT_GRAD)
                    + " " + ConvPlanner.plan(g, ConvPass.WEIGHT_GRAD));
        }
        // all-ones input and weights: every interior output is the 3x3x32 window's 288
        float[] x = new float[8 * 32 * 16 * 16];
        float[] w = new float[32 * 32 * 9];
        java.util.Arrays.fill(x, 1f);
        java.util.Arrays.fill(w, 1f);
        float[] out = new float[8 * 32 * 16 * 16];
        Conv2dKernel.forward(wino, x, w, null, out);
        System.out.println("interior " + out[17] + " corner " + out[0]);
    }
}
