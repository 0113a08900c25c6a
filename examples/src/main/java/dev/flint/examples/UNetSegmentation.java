package dev.flint.examples;

import dev.flint.core.Autograd;
import dev.flint.core.Generator;
import dev.flint.core.MemoryScope;
import dev.flint.core.Tensor;
import dev.flint.core.Flint;
import dev.flint.data.DataLoader;
import dev.flint.data.MNIST;
import dev.flint.data.MnistScenes;
import dev.flint.data.Targets;
import dev.flint.nn.F;
import dev.flint.nn.models.UNet;
import dev.flint.nn.viz.Charts;
import dev.flint.nn.viz.Images;
import dev.flint.nn.viz.TrainingReport;
import dev.flint.optim.Adam;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Semantic segmentation of "MNIST scenes" (64x64 canvases with 2-4 digits; every ink pixel labelled
 * with its digit's class + 1, background 0) with a U-Net trained from scratch. Test scenes are
 * built from MNIST's test split, so no digit is seen in training. Reports pixel accuracy and mean
 * IoU over the 11 classes after every epoch, writes a PNG of inputs / predicted masks / true masks
 * and an HTML training report.
 */
public final class UNetSegmentation {
    private UNetSegmentation() {
    }

    /** Entry point; {@code --help} lists the options. */
    public static void main(String[] argv) throws Exception {
        Args a = new Args("UNetSegmentation")
                .option("data", null, "directory with the MNIST IDX .gz files (default: ../shared/datasets/mnist, else download)")
                .option("train-scenes", "6000", "training scenes (from MNIST's training split)")
                .option("test-scenes", "500", "held-out scenes (from MNIST's test split)")
                .option("epochs", "6", "training epochs")
                .option("batch-size", "16", "scenes per batch")
                .option("lr", "0.002", "Adam learning rate (halved for the last third of the epochs)")
                .option("width", "16", "U-Net base width (channels at the first level)")
                .option("depth", "3", "U-Net downsamplings")
                .option("seed", "1", "seed for scenes, initialisation and shuffling")
                .option("threads", Integer.toString(Runtime.getRuntime().availableProcessors()), "compute threads")
                .option("out", "unet-segmentation", "directory for the PNG and the HTML report");
        if (!a.parse(argv)) {
            return;
        }
        Flint.setNumThreads(a.getInt("threads"));
        long seed = a.getLong("seed");
        Path dir = Training.dataDir(a.get("data"), "mnist");
        MnistScenes train = MnistScenes.generate(MNIST.train(dir, false), a.getInt("train-scenes"), 64, 2, 4, seed);
        MnistScenes test = MnistScenes.generate(MNIST.test(dir, false), a.getInt("test-scenes"), 64, 2, 4, seed + 1000);
        Generator.manualSeed(seed);
        UNet model = new UNet(1, MnistScenes.NUM_CLASSES, a.getInt("width"), a.getInt("depth"), UNet.Padding.SAME, true, new Generator(seed));
        Adam opt = new Adam(model.parameters(), a.getDouble("lr"));
        int epochs = a.getInt("epochs");
        int batch = a.getInt("batch-size");
        Path out = Path.of(a.get("out"));
        TrainingReport report = new TrainingReport(out.resolve("report.html"), "U-Net on MNIST scenes")
                .setting("model", "UNet(width " + a.get("width") + ", depth " + a.get("depth") + ", same padding, batch norm)")
                .setting("parameters", Long.toString(model.parameterCount()))
                .setting("data", train.count() + " train / " + test.count() + " test scenes, 64x64, 2-4 digits")
                .setting("optimizer", "Adam lr " + a.get("lr") + ", batch " + batch)
                .setting("threads", Integer.toString(Flint.numThreads()));
        System.out.println(model);
        System.out.printf(Locale.ROOT, "U-Net, %d parameters; %d train / %d test scenes; %d epochs, batch %d, %d threads%n",
                model.parameterCount(), train.count(), test.count(), epochs, batch, Flint.numThreads());

        List<double[]> ious = new ArrayList<>();
        Metrics m = null;
        long start = System.nanoTime();
        // Masks are the samples' targets: the loader collates them to (B, 64, 64) class maps.
        DataLoader trainLoader = new DataLoader(train.dataset(), batch, true, seed, true);
        for (int e = 1; e <= epochs; e++) {
            if (e == epochs - epochs / 3 + 1) {
                opt.paramGroups().get(0).set("lr", a.getDouble("lr") / 2);
            }
            long t0 = System.nanoTime();
            model.train();
            double lossSum = 0;
            int batches = 0;
            for (DataLoader.Batch b : trainLoader) {
                try (MemoryScope scope = MemoryScope.open()) {
                    opt.zeroGrad();
                    Tensor loss = F.crossEntropy(pixelLogits(model.call(b.inputs())), masks(b));
                    loss.backward();
                    opt.step();
                    lossSum += loss.item();
                }
                batches++;
                if (batches % 50 == 0) {
                    System.out.printf(Locale.ROOT, "\r  epoch %d: %d/%d batches, loss %.4f", e, batches, trainLoader.numBatches(), lossSum / batches);
                }
            }
            m = evaluate(model, test);
            double secs = (System.nanoTime() - t0) / 1e9;
            ious.add(m.iou);
            report.epoch(lossSum / batches, Double.NaN, m.pixelAccuracy, secs);
            report.figureSvg("test mean IoU per epoch", Charts.lineSvg("mean IoU (test scenes)", "epoch",
                    List.of(new Charts.Series("mIoU", ious.stream().mapToDouble(v -> mean(v)).toArray()))));
            report.figure("test scenes: input | predicted | truth", samples(model, test, 6));
            report.write();
            System.out.printf(Locale.ROOT, "%nepoch %d/%d  train loss %.4f  test pixel accuracy %.2f%%  mIoU %.4f  %.1fs%n", e, epochs,
                    lossSum / batches, 100 * m.pixelAccuracy, mean(m.iou), secs);
        }
        double total = (System.nanoTime() - start) / 1e9;
        StringBuilder per = new StringBuilder();
        for (int c = 0; c < MnistScenes.NUM_CLASSES; c++) {
            per.append(String.format(Locale.ROOT, " %s:%.3f", c == 0 ? "bg" : Integer.toString(c - 1), m.iou[c]));
        }
        System.out.println("per-class IoU:" + per);
        System.out.printf(Locale.ROOT, "final: pixel accuracy %.2f%%, mean IoU %.4f on %d held-out scenes after %d epochs in %.1fs%n",
                100 * m.pixelAccuracy, mean(m.iou), test.count(), epochs, total);
        Images.writePng(samples(model, test, 8), out.resolve("segmentation.png"));
        System.out.println("wrote " + out.resolve("segmentation.png").toAbsolutePath() + " and " + out.resolve("report.html").toAbsolutePath());
    }

    /** (N, C, H, W) logits as (N*H*W, C) rows, pixel-major as the targets. */
    static Tensor pixelLogits(Tensor logits) {
        return logits.permute(0, 2, 3, 1).reshape(-1, logits.size(1));
    }

    /** The batch's class maps, pixel-major as {@link #pixelLogits}. */
    static int[] masks(DataLoader.Batch b) {
        if (b.targets() instanceof Targets.ClassMaps m) {
            return m.indices();
        }
        throw new IllegalStateException("UNetSegmentation: expected class-map targets, got " + b.targets());
    }

    record Metrics(double pixelAccuracy, double[] iou) {
    }

    /** Pixel accuracy and per-class IoU (intersection over union of predicted and true pixels) over all scenes. */
    static Metrics evaluate(UNet model, MnistScenes s) {
        model.eval();
        int k = MnistScenes.NUM_CLASSES;
        long[] inter = new long[k];
        long[] union = new long[k];
        long correct = 0;
        long total = 0;
        try (var g = Autograd.noGrad()) {
            for (DataLoader.Batch b : new DataLoader(s.dataset(), 50, false, 0, false)) {
                int[] pred;
                try (MemoryScope scope = MemoryScope.open()) {
                    pred = pixelLogits(model.call(b.inputs())).argmaxArray(1);
                }
                int[] truth = masks(b);
                for (int p = 0; p < truth.length; p++) {
                    int pr = pred[p];
                    int tr = truth[p];
                    correct += pr == tr ? 1 : 0;
                    if (pr == tr) {
                        inter[tr]++;
                        union[tr]++;
                    } else {
                        union[tr]++;
                        union[pr]++;
                    }
                }
                total += truth.length;
            }
        }
        double[] iou = new double[k];
        for (int c = 0; c < k; c++) {
            iou[c] = union[c] == 0 ? 1 : inter[c] / (double) union[c];
        }
        return new Metrics(correct / (double) total, iou);
    }

    static BufferedImage samples(UNet model, MnistScenes s, int n) {
        model.eval();
        BufferedImage[] rows = new BufferedImage[n];
        try (var g = Autograd.noGrad()) {
            int[] pred = pixelLogits(model.call(s.images().narrow(0, 0, n))).argmaxArray(1);
            int plane = s.size() * s.size();
            for (int i = 0; i < n; i++) {
                int[] p = java.util.Arrays.copyOfRange(pred, i * plane, (i + 1) * plane);
                rows[i] = Images.row(4, Images.grid(s.images().select(0, i), 1, 0, 2, false),
                        Images.mask(p, s.size(), s.size(), 2), Images.mask(s.mask(i), s.size(), s.size(), 2));
            }
        }
        return Images.column(2, rows);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
