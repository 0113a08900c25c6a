package dev.flint.nn.viz;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Plots as self-contained SVG text (for HTML reports: no fonts or network needed to render) and
 * the confusion matrix also as an image. Only the JDK is used.
 */
public final class Charts {
    private Charts() {
    }

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};

    /** One named series of y values at x = 1, 2, 3, ... (e.g. per epoch). */
    public record Series(String name, double[] values) {
    }

    /** A line chart of several series against their index (1-based), with axes, ticks and a legend. */
    public static String lineSvg(String title, String xLabel, List<Series> series) {
        int w = 520;
        int h = 300;
        int left = 60;
        int right = 130;
        int top = 30;
        int bottom = 40;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int n = 1;
        for (Series s : series) {
            for (double v : s.values()) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            n = Math.max(n, s.values().length);
        }
        if (!(hi >= lo)) {
            lo = 0;
            hi = 1;
        }
        if (hi == lo) {
            hi = lo + 1;
        }
        double pad = (hi - lo) * 0.05;
        lo -= pad;
        hi += pad;
        int pw = w - left - right;
        int ph = h - top - bottom;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='11'>", w, h));
        sb.append(String.format(Locale.ROOT, "<text x='%d' y='18' font-size='13' font-weight='bold'>%s</text>", left, esc(title)));
        sb.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#888'/>", left, top, pw, ph));
        for (int t = 0; t <= 4; t++) {
            double v = lo + (hi - lo) * t / 4;
            double y = top + ph - ph * t / 4.0;
            sb.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#eee'/>", left, left + pw, y, y));
            sb.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' text-anchor='end'>%s</text>", left - 4, y + 4, num(v)));
        }
        for (int i = 1; i <= n; i++) {
            double x = n == 1 ? left + pw / 2.0 : left + pw * (i - 1) / (double) (n - 1);
            if (n <= 20 || i % Math.ceil(n / 10.0) == 0) {
                sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%d</text>", x, top + ph + 14, i));
            }
        }
        sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%s</text>", left + pw / 2.0, h - 6, esc(xLabel)));
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String colour = COLOURS[k % COLOURS.length];
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.values().length; i++) {
                if (!Double.isFinite(s.values()[i])) {
                    continue; // not measured at this point
                }
                double x = n == 1 ? left + pw / 2.0 : left + pw * i / (double) (n - 1);
                double y = top + ph - ph * (s.values()[i] - lo) / (hi - lo);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                sb.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='2.5' fill='%s'/>", x, y, colour));
            }
            sb.append(String.format(Locale.ROOT, "<polyline points='%s' fill='none' stroke='%s' stroke-width='2'/>", pts.toString().trim(), colour));
            int ly = top + 14 + 16 * k;
            sb.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='%s' stroke-width='2'/>", left + pw + 10,
                    left + pw + 28, ly - 4, ly - 4, colour));
            sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d'>%s</text>", left + pw + 32, ly, esc(s.name())));
        }
        return sb.append("</svg>").toString();
    }

    /** A confusion matrix (rows: true class, columns: predicted) as SVG with counts, shaded by row-normalised frequency. */
    public static String confusionSvg(int[][] counts, List<String> classNames) {
        int k = counts.length;
        int cell = 34;
        int left = 70;
        int top = 50;
        int w = left + k * cell + 10;
        int h = top + k * cell + 30;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='10'>", w, h));
        sb.append(String.format(Locale.ROOT, "<text x='%d' y='14' font-size='12'>predicted &#8594;</text>", left));
        sb.append(String.format(Locale.ROOT, "<text x='4' y='%d' font-size='12'>true &#8595;</text>", top - 6));
        for (int i = 0; i < k; i++) {
            long rowSum = 0;
            for (int c : counts[i]) {
                rowSum += c;
            }
            String name = esc(classNames.get(i));
            sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='end'>%s</text>", left - 4, top + i * cell + cell / 2 + 4, name));
            sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>%s</text>", left + i * cell + cell / 2, top - 6, name));
            for (int j = 0; j < k; j++) {
                double f = rowSum == 0 ? 0 : counts[i][j] / (double) rowSum;
                int shade = (int) Math.round(255 * (1 - f));
                String fill = String.format(Locale.ROOT, "rgb(%d,%d,255)", shade, shade);
                sb.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='%s' stroke='#ccc'/>",
                        left + j * cell, top + i * cell, cell, cell, fill));
                sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle' fill='%s'>%d</text>",
                        left + j * cell + cell / 2, top + i * cell + cell / 2 + 4, f > 0.5 ? "white" : "black", counts[i][j]));
            }
        }
        return sb.append("</svg>").toString();
    }

    /** The confusion matrix as an image: one square per cell, blue by row-normalised frequency (no text). */
    public static BufferedImage confusionImage(int[][] counts, int cell) {
        int k = counts.length;
        BufferedImage img = new BufferedImage(k * cell, k * cell, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < k; i++) {
            long rowSum = 0;
            for (int c : counts[i]) {
                rowSum += c;
            }
            for (int j = 0; j < k; j++) {
                double f = rowSum == 0 ? 0 : counts[i][j] / (double) rowSum;
                int s = (int) Math.round(255 * (1 - f));
                int rgb = s << 16 | s << 8 | 255;
                for (int y = 0; y < cell; y++) {
                    for (int x = 0; x < cell; x++) {
                        img.setRGB(j * cell + x, i * cell + y, (x == 0 || y == 0) ? 0xcccccc : rgb);
                    }
                }
            }
        }
        return img;
    }

    /** A confusion matrix from predictions and true labels. */
    public static int[][] confusion(int[] predicted, int[] truth, int classes) {
        if (predicted.length != truth.length) {
            throw new IllegalArgumentException("Charts.confusion: " + predicted.length + " predictions for " + truth.length + " labels");
        }
        int[][] m = new int[classes][classes];
        for (int i = 0; i < truth.length; i++) {
            m[truth[i]][predicted[i]]++;
        }
        return m;
    }

    private static String num(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
