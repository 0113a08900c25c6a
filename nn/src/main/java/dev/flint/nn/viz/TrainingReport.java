package dev.flint.nn.viz;

import dev.flint.nn.AtomicWrite;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A training report as one self-contained HTML file (images inlined as base64 PNG, charts as
 * SVG; no scripts, no network), rewritten atomically after every epoch so that it can be open
 * in a browser while training runs: per-epoch table and curves of loss and accuracy, plus any
 * figures the training adds (confusion matrix, filters, sample predictions).
 */
public final class TrainingReport {
    private final Path file;
    private final String title;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<double[]> epochs = new ArrayList<>(); // loss, train acc, test acc, seconds
    private final Map<String, String> figures = new LinkedHashMap<>();

    /** A report written to {@code file}, headed by {@code title}. */
    public TrainingReport(Path file, String title) {
        this.file = file;
        this.title = title;
    }

    /** Records a setting shown in the header (model, optimizer, batch size, ...). */
    public TrainingReport setting(String name, String value) {
        settings.put(name, value);
        return this;
    }

    /** Records one epoch: mean training loss, training and test accuracy (NaN if not measured), seconds. */
    public void epoch(double loss, double trainAccuracy, double testAccuracy, double seconds) {
        epochs.add(new double[] {loss, trainAccuracy, testAccuracy, seconds});
    }

    /** Adds or replaces a figure given as an image (embedded as PNG). */
    public void figure(String caption, BufferedImage image) {
        figures.put(caption, "<img alt='" + Charts.esc(caption) + "' src='data:image/png;base64,"
                + Base64.getEncoder().encodeToString(Images.pngBytes(image)) + "'>");
    }

    /** Adds or replaces a figure given as SVG text. */
    public void figureSvg(String caption, String svg) {
        figures.put(caption, svg);
    }

    /** The HTML text of the report as it stands. */
    public String html() {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>").append(Charts.esc(title)).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;")
                .append("padding:3px 8px;text-align:right}figure{display:inline-block;margin:8px 16px 8px 0;vertical-align:top}")
                .append("img{image-rendering:pixelated}figcaption{font-size:13px;color:#555}</style></head><body>\n");
        sb.append("<h1>").append(Charts.esc(title)).append("</h1>\n<p>");
        settings.forEach((k, v) -> sb.append("<b>").append(Charts.esc(k)).append("</b>: ").append(Charts.esc(v)).append(" &nbsp; "));
        sb.append("</p>\n<table><tr><th>epoch</th><th>train loss</th><th>train acc</th><th>test acc</th><th>seconds</th></tr>\n");
        for (int i = 0; i < epochs.size(); i++) {
            double[] e = epochs.get(i);
            sb.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.4f</td><td>%s</td><td>%s</td><td>%.1f</td></tr>%n", i + 1, e[0],
                    pct(e[1]), pct(e[2]), e[3]));
        }
        sb.append("</table>\n");
        if (!epochs.isEmpty()) {
            sb.append("<figure>").append(Charts.lineSvg("training loss", "epoch", List.of(new Charts.Series("loss", column(0)))))
                    .append("</figure>");
            sb.append("<figure>").append(Charts.lineSvg("accuracy", "epoch",
                    List.of(new Charts.Series("train", column(1)), new Charts.Series("test", column(2))))).append("</figure>\n");
        }
        figures.forEach((caption, body) -> sb.append("<figure>").append(body).append("<figcaption>").append(Charts.esc(caption))
                .append("</figcaption></figure>\n"));
        return sb.append("</body></html>\n").toString();
    }

    /**
     * Writes the report (temporary file, then an atomic move over the previous version) and,
     * once an epoch is recorded, its loss and accuracy curves as a PNG next to it
     * ({@link #curvesFile}).
     */
    public void write() throws IOException {
        AtomicWrite.write(file, tmp -> Files.writeString(tmp, html(), StandardCharsets.UTF_8));
        if (!epochs.isEmpty()) {
            Images.writePng(curves(), curvesFile());
        }
    }

    /** The PNG of the curves: the report's file name with {@code -curves.png} for its extension. */
    public Path curvesFile() {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "-curves.png");
    }

    /** Loss and accuracy per epoch, side by side, as one image. */
    public BufferedImage curves() {
        return Images.row(4, Charts.lineImage("training loss", "epoch", List.of(new Charts.Series("loss", column(0)))),
                Charts.lineImage("accuracy", "epoch", List.of(new Charts.Series("train", column(1)), new Charts.Series("test", column(2)))));
    }

    private double[] column(int c) {
        double[] v = new double[epochs.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = epochs.get(i)[c];
        }
        return v;
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
