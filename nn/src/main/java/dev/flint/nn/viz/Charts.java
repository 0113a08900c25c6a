package dev.flint.nn.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Plots as self-contained SVG text (for HTML reports: no fonts or network needed to render) and
 * as images for PNG files (line charts, the confusion matrix). Only the JDK is used.
 */
public final class Charts {
    private Charts() {
    }

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};

    /** One named series of y values at x = 1, 2, 3, ... (e.g. per epoch). */
    public record Series(String name, double[] values) {
    }

    /** Where a line chart's parts go: plot box, value range (5% margin), and the mapping of (index, value) to pixels. */
    private record Layout(int w, int h, int left, int top, int pw, int ph, double lo, double hi, int n) {
        static Layout of(List<Series> series) {
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
            return new Layout(w, h, left, top, w - left - right, h - top - bottom, lo - pad, hi + pad, n);
        }

        /** x pixel of the point with 0-based index i. */
        double x(int i) {
            return n == 1 ? left + pw / 2.0 : left + pw * i / (double) (n - 1);
        }

        /** y pixel of value v. */
        double y(double v) {
            return top + ph - ph * (v - lo) / (hi - lo);
        }

        /** Value of horizontal grid line t of 0..4, and whether index i (1-based) gets an x tick label. */
        double gridValue(int t) {
            return lo + (hi - lo) * t / 4;
        }

        boolean labelled(int i) {
            return n <= 20 || i % Math.ceil(n / 10.0) == 0;
        }
    }

    /** A line chart of several series against their index (1-based), with axes, ticks and a legend. */
    public static String lineSvg(String title, String xLabel, List<Series> series) {
        Layout l = Layout.of(series);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='11'>", l.w(), l.h()));
        sb.append(String.format(Locale.ROOT, "<text x='%d' y='18' font-size='13' font-weight='bold'>%s</text>", l.left(), esc(title)));
        sb.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#888'/>", l.left(), l.top(), l.pw(), l.ph()));
        for (int t = 0; t <= 4; t++) {
            double y = l.y(l.gridValue(t));
            sb.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#eee'/>", l.left(), l.left() + l.pw(), y, y));
            sb.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' text-anchor='end'>%s</text>", l.left() - 4, y + 4, num(l.gridValue(t))));
        }
        for (int i = 1; i <= l.n(); i++) {
            if (l.labelled(i)) {
                sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%d</text>", l.x(i - 1), l.top() + l.ph() + 14, i));
            }
        }
        sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%s</text>", l.left() + l.pw() / 2.0, l.h() - 6, esc(xLabel)));
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String colour = COLOURS[k % COLOURS.length];
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.values().length; i++) {
                if (!Double.isFinite(s.values()[i])) {
                    continue; // not measured at this point
                }
                double x = l.x(i);
                double y = l.y(s.values()[i]);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                sb.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='2.5' fill='%s'/>", x, y, colour));
            }
            sb.append(String.format(Locale.ROOT, "<polyline points='%s' fill='none' stroke='%s' stroke-width='2'/>", pts.toString().trim(), colour));
            int ly = l.top() + 14 + 16 * k;
            sb.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='%s' stroke-width='2'/>", l.left() + l.pw() + 10,
                    l.left() + l.pw() + 28, ly - 4, ly - 4, colour));
            sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d'>%s</text>", l.left() + l.pw() + 32, ly, esc(s.name())));
        }
        return sb.append("</svg>").toString();
    }

    /**
     * The same line chart as {@link #lineSvg}, drawn with Java2D into an image (for
     * {@link Images#writePng}: loss and accuracy curves as PNG). Text uses the JDK's logical
     * sans-serif font, so it renders on a headless JVM too.
     */
    public static BufferedImage lineImage(String title, String xLabel, List<Series> series) {
        Layout l = Layout.of(series);
        BufferedImage img = new BufferedImage(l.w(), l.h(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, l.w(), l.h());
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.setColor(Color.BLACK);
            g.drawString(title, l.left(), 18);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            FontMetrics fm = g.getFontMetrics();
            for (int t = 0; t <= 4; t++) {
                int y = (int) Math.round(l.y(l.gridValue(t)));
                g.setColor(new Color(0xeeeeee));
                g.drawLine(l.left(), y, l.left() + l.pw(), y);
                g.setColor(Color.BLACK);
                String label = num(l.gridValue(t));
                g.drawString(label, l.left() - 4 - fm.stringWidth(label), y + 4);
            }
            for (int i = 1; i <= l.n(); i++) {
                if (l.labelled(i)) {
                    String label = Integer.toString(i);
                    g.drawString(label, (int) Math.round(l.x(i - 1)) - fm.stringWidth(label) / 2, l.top() + l.ph() + 14);
                }
            }
            g.drawString(xLabel, l.left() + l.pw() / 2 - fm.stringWidth(xLabel) / 2, l.h() - 6);
            g.setColor(new Color(0x888888));
            g.drawRect(l.left(), l.top(), l.pw(), l.ph());
            g.setStroke(new BasicStroke(2f));
            for (int k = 0; k < series.size(); k++) {
                Series s = series.get(k);
                g.setColor(Color.decode(COLOURS[k % COLOURS.length]));
                Path2D.Double line = new Path2D.Double();
                boolean started = false;
                for (int i = 0; i < s.values().length; i++) {
                    if (!Double.isFinite(s.values()[i])) {
                        continue;
                    }
                    double x = l.x(i);
                    double y = l.y(s.values()[i]);
                    if (started) {
                        line.lineTo(x, y);
                    } else {
                        line.moveTo(x, y);
                        started = true;
                    }
                    g.fill(new Ellipse2D.Double(x - 2.5, y - 2.5, 5, 5));
                }
                g.draw(line);
                int ly = l.top() + 14 + 16 * k;
                g.drawLine(l.left() + l.pw() + 10, ly - 4, l.left() + l.pw() + 28, ly - 4);
                g.setColor(Color.BLACK);
                g.drawString(s.name(), l.left() + l.pw() + 32, ly);
            }
        } finally {
            g.dispose();
        }
        return img;
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
