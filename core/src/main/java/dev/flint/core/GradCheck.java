package dev.flint.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Checks autograd against central finite differences, for any function of tensors (as
 * {@code torch.autograd.gradcheck}). Public: use it on your own {@link Function}s.
 *
 * <p>The function's output is projected on a fixed random vector {@code w}, so one backward
 * gives the vector-Jacobian product {@code w^T J}; each input element is then perturbed by
 * {@code +-h} and {@code +-h/2}, the projected outputs are summed in double, and the two
 * central differences are combined by Richardson extrapolation, which cancels the O(h^2)
 * truncation error. That lets {@code h} be large enough (1e-2) that float32 rounding in the
 * forward stays far below the tolerance, so the default tolerances ({@code atol = rtol = 1e-3})
 * pass correct float32 ops and fail a backward that is wrong by more than about 0.1%.
 * Inputs must sit at least {@code h} away from kinks (relu at 0, abs at 0, max ties).
 */
public final class GradCheck {
    private GradCheck() {
    }

    /** A function of tensors to check. */
    @FunctionalInterface
    public interface Fn {
        Tensor apply(Tensor... inputs);
    }

    /** Step and tolerances; an element passes when |numerical - analytical| &lt;= atol + rtol * |numerical|. */
    public record Options(double eps, double atol, double rtol, long seed) {
        /** h = 1e-2, atol = rtol = 1e-3, projection seed 42. */
        public static Options defaults() {
            return new Options(1e-2, 1e-3, 1e-3, 42);
        }

        /** These options with another step. */
        public Options withEps(double e) {
            return new Options(e, atol, rtol, seed);
        }

        /** These options with other tolerances. */
        public Options withTolerance(double newAtol, double newRtol) {
            return new Options(eps, newAtol, newRtol, seed);
        }
    }

    /** The outcome: pass or fail, the worst error, and a report of the mismatching elements. */
    public record Result(boolean passed, double maxAbsError, int checked, List<String> mismatches) {
        /** A readable summary. */
        public String report() {
            StringBuilder sb = new StringBuilder(passed ? "gradcheck passed" : "gradcheck FAILED");
            sb.append(String.format(Locale.ROOT, ": %d elements checked, max |numerical - analytical| = %.3g", checked, maxAbsError));
            for (String m : mismatches) {
                sb.append("\n  ").append(m);
            }
            return sb.toString();
        }
    }

    /** Checks with default options; throws AssertionError with a report on failure. */
    public static void check(Fn f, Tensor... inputs) {
        check(f, Options.defaults(), inputs);
    }

    /** Checks with the given options; throws AssertionError with a report on failure. */
    public static void check(Fn f, Options options, Tensor... inputs) {
        Result r = run(f, options, inputs);
        if (!r.passed()) {
            throw new AssertionError(r.report());
        }
    }

    /**
     * Runs the check. Inputs that require grad are checked (at least one must); the others are
     * constants. The inputs themselves are not modified: the check works on copies.
     */
    public static Result run(Fn f, Options options, Tensor... inputs) {
        Tensor[] leaves = new Tensor[inputs.length];
        boolean any = false;
        for (int i = 0; i < inputs.length; i++) {
            Tensor copy = inputs[i].detach().copy();
            copy.requiresGrad(inputs[i].requiresGrad());
            any |= inputs[i].requiresGrad();
            leaves[i] = copy;
        }
        if (!any) {
            throw new IllegalArgumentException("gradcheck: no input requires grad; call requiresGrad(true) on the inputs to check");
        }
        Tensor out = f.apply(leaves);
        double[] w = projection(out.numel(), options.seed());
        float[] wf = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            wf[i] = (float) w[i];
        }
        if (!out.requiresGrad()) {
            throw new IllegalArgumentException("gradcheck: the output does not require grad (no input reaches it through a recorded op)");
        }
        out.backward(Tensor.of(wf).reshape(out.shape()));

        List<String> mismatches = new ArrayList<>();
        double worst = 0;
        int checked = 0;
        for (int i = 0; i < leaves.length; i++) {
            if (!leaves[i].requiresGrad()) {
                continue;
            }
            Tensor g = leaves[i].grad();
            float[] analytical = g == null ? new float[leaves[i].numel()] : g.toArray();
            float[] x = leaves[i].data();
            for (int j = 0; j < x.length; j++) {
                double numerical = numericalDerivative(f, leaves, i, j, w, options.eps());
                double err = Math.abs(numerical - analytical[j]);
                worst = Math.max(worst, Double.isNaN(err) ? Double.POSITIVE_INFINITY : err);
                checked++;
                if (!(err <= options.atol() + options.rtol() * Math.abs(numerical))) {
                    if (mismatches.size() < 10) {
                        mismatches.add(String.format(Locale.ROOT, "input %d (shape %s) element %d: numerical %.6g, analytical %.6g",
                                i, Shapes.str(leaves[i].shape), j, numerical, analytical[j]));
                    }
                }
            }
        }
        return new Result(mismatches.isEmpty(), worst, checked, mismatches);
    }

    /** d(w . f)/dx_j by Richardson-extrapolated central differences, using the float steps actually taken. */
    private static double numericalDerivative(Fn f, Tensor[] leaves, int input, int j, double[] w, double eps) {
        double[] d1 = central(f, leaves, input, j, w, eps);
        double[] d2 = central(f, leaves, input, j, w, eps / 2);
        double h1 = d1[1] * d1[1];
        double h2 = d2[1] * d2[1];
        return (h1 * d2[0] - h2 * d1[0]) / (h1 - h2);
    }

    /** {central difference, half the step actually taken} for a step of about h. */
    private static double[] central(Fn f, Tensor[] leaves, int input, int j, double[] w, double h) {
        float[] x = leaves[input].data();
        float original = x[j];
        float plus = (float) (original + h);
        float minus = (float) (original - h);
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            x[j] = plus;
            double fp = project(f.apply(leaves), w);
            x[j] = minus;
            double fm = project(f.apply(leaves), w);
            double step = (double) plus - minus;
            return new double[] {(fp - fm) / step, step / 2};
        } finally {
            x[j] = original;
        }
    }

    private static double project(Tensor out, double[] w) {
        float[] o = out.toArray();
        double s = 0;
        for (int i = 0; i < o.length; i++) {
            s += o[i] * w[i];
        }
        return s;
    }

    /** Random weights in +-[0.5, 1.5): no zero weight hides an output, signs catch swapped gradients. */
    private static double[] projection(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = (r.nextBoolean() ? 1 : -1) * (0.5 + r.nextDouble());
        }
        return w;
    }
}
