package dev.flint.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders tensors as PyTorch does (torch/_tensor_str.py): shared number format, nesting, summary of large tensors. */
final class TensorFormat {
    /** Tensors with more elements than this are summarised (PyTorch's print threshold). */
    static final int THRESHOLD = 1000;
    /** Entries kept at each end of a summarised dim. */
    static final int EDGE_ITEMS = 3;
    private static final int LINE_WIDTH = 80;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        boolean summarise = t.numel() > THRESHOLD;
        StringBuilder sb = new StringBuilder("tensor(");
        if (t.numel() == 0) {
            sb.append("[]");
        } else {
            float[] all = t.toArray();
            Formatter f = new Formatter(shown(t, all, summarise));
            body(sb, all, t.shape, 0, 0, 7, f, summarise);
        }
        if (summarise || t.numel() == 0) {
            sb.append(", size=").append(tuple(t.shape));
        }
        if (t.gradFn != null) {
            sb.append(", grad_fn=<").append(t.gradFn.name()).append('>');
        } else if (t.requiresGrad()) {
            sb.append(", requires_grad=True");
        }
        return sb.append(')').toString();
    }

    /** Python's tuple spelling of a shape, as PyTorch prints sizes: (0, 3), (5,). */
    private static String tuple(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** The values that will be printed (all, or the summary's edges), which set the common format. */
    private static List<Float> shown(Tensor t, float[] all, boolean summarise) {
        List<Float> out = new ArrayList<>();
        collect(out, all, t.shape, 0, 0, summarise);
        return out;
    }

    private static void collect(List<Float> out, float[] all, int[] shape, int dim, int base, boolean summarise) {
        if (dim == shape.length) {
            out.add(all[base]);
            return;
        }
        int inner = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        for (int i : indices(shape[dim], summarise)) {
            if (i >= 0) {
                collect(out, all, shape, dim + 1, base + i * inner, summarise);
            }
        }
    }

    /** Indices printed along a dim of size n; -1 marks the "..." of a summary. */
    private static int[] indices(int n, boolean summarise) {
        if (!summarise || n <= 2 * EDGE_ITEMS) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] idx = new int[2 * EDGE_ITEMS + 1];
        for (int i = 0; i < EDGE_ITEMS; i++) {
            idx[i] = i;
            idx[EDGE_ITEMS + 1 + i] = n - EDGE_ITEMS + i;
        }
        idx[EDGE_ITEMS] = -1;
        return idx;
    }

    private static void body(StringBuilder sb, float[] all, int[] shape, int dim, int base, int indent,
                             Formatter f, boolean summarise) {
        if (dim == shape.length) {
            sb.append(f.pad(all[base]));
            return;
        }
        int inner = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        sb.append('[');
        int[] idx = indices(shape[dim], summarise);
        boolean last = dim == shape.length - 1;
        int perLine = Math.max(1, (LINE_WIDTH - indent) / (f.width + 2));
        for (int k = 0; k < idx.length; k++) {
            if (k > 0) {
                if (last) {
                    sb.append(k % perLine == 0 ? ",\n" + " ".repeat(indent + 1) : ", ");
                } else {
                    sb.append(',').append("\n".repeat(shape.length - dim - 1)).append(" ".repeat(indent + 1));
                }
            }
            if (idx[k] < 0) {
                sb.append(last ? " ..." : "...");
            } else {
                body(sb, all, shape, dim + 1, base + idx[k] * inner, indent + 1, f, summarise);
            }
        }
        sb.append(']');
    }

    /** One number format for all printed values, chosen as PyTorch's _Formatter does. */
    private static final class Formatter {
        private final boolean intMode;
        private final boolean sciMode;
        final int width;

        Formatter(List<Float> values) {
            // As torch/_tensor_str.py: mode and width come from the non-zero finite values only.
            double max = 0;
            double min = Double.MAX_VALUE;
            boolean ints = true;
            List<Float> nonZeroFinite = new ArrayList<>();
            for (float v : values) {
                if (Float.isFinite(v) && v != 0) {
                    nonZeroFinite.add(v);
                    ints &= v == Math.rint(v);
                    max = Math.max(max, Math.abs(v));
                    min = Math.min(min, Math.abs(v));
                }
            }
            intMode = ints;
            if (nonZeroFinite.isEmpty()) {
                sciMode = false;
            } else if (intMode) {
                sciMode = max / min > 1000 || max > 1e8;
            } else {
                sciMode = max / min > 1000 || max > 1e8 || min < 1e-4;
            }
            int w = 1;
            for (float v : nonZeroFinite) {
                w = Math.max(w, raw(v).length());
            }
            width = w;
        }

        String raw(float v) {
            if (Float.isNaN(v)) {
                return "nan";
            }
            if (Float.isInfinite(v)) {
                return v > 0 ? "inf" : "-inf";
            }
            if (sciMode) {
                return String.format(Locale.ROOT, "%.4e", v);
            }
            if (intMode) {
                return String.format(Locale.ROOT, "%.0f.", v);
            }
            return String.format(Locale.ROOT, "%.4f", v);
        }

        String pad(float v) {
            String s = raw(v);
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }
    }
}
