package dev.flint.examples;

import dev.flint.core.Autograd;
import dev.flint.core.MemoryScope;
import dev.flint.core.Tensor;
import dev.flint.data.DataLoader;
import dev.flint.data.FashionMNIST;
import dev.flint.data.MNIST;
import dev.flint.data.MnistFamily;
import dev.flint.nn.F;
import dev.flint.nn.Module;
import dev.flint.nn.Reduction;
import dev.flint.optim.Optimizer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The examples' shared training loop, evaluation, progress bar and data-directory rules. */
public final class Training {
    private Training() {
    }

    /** Result of one training epoch. */
    public record EpochStats(double meanLoss, int images, double seconds) {
    }

    /**
     * One epoch of mini-batch SGD: forward, cross-entropy, backward, step. Prints a progress bar
     * (batches done, running loss, images/s, ETA) to {@code out} when it is not null.
     */
    public static EpochStats trainEpoch(Module model, Optimizer opt, DataLoader loader, String label, PrintStream out) {
        return trainEpoch(model, opt, loader, label, out, 0f);
    }

    /** {@link #trainEpoch(Module, Optimizer, DataLoader, String, PrintStream)} with label-smoothed cross-entropy. */
    public static EpochStats trainEpoch(Module model, Optimizer opt, DataLoader loader, String label, PrintStream out,
                                        float labelSmoothing) {
        model.train();
        long start = System.nanoTime();
        long lastPrint = 0;
        double lossSum = 0;
        int images = 0;
        int batches = loader.numBatches();
        int done = 0;
        for (DataLoader.Batch b : loader) {
            // Each step's activations and gradients are recycled into the next step's.
            try (MemoryScope scope = MemoryScope.open()) {
                opt.zeroGrad();
                Tensor loss = F.crossEntropy(model.forward(b.inputs()), b.labels(), Reduction.MEAN, labelSmoothing);
                loss.backward();
                opt.step();
                lossSum += loss.item() * b.size();
            }
            images += b.size();
            done++;
            long now = System.nanoTime();
            if (out != null && (now - lastPrint > 500_000_000L || done == batches)) {
                lastPrint = now;
                double secs = (now - start) / 1e9;
                double rate = images / Math.max(secs, 1e-9);
                double eta = (batches - done) * (secs / done);
                out.print("\r" + bar(label, done, batches, lossSum / images, rate, eta));
                out.flush();
            }
        }
        if (out != null) {
            out.println();
        }
        return new EpochStats(lossSum / Math.max(images, 1), images, (System.nanoTime() - start) / 1e9);
    }

    static String bar(String label, int done, int total, double loss, double rate, double eta) {
        int width = 30;
        int filled = total == 0 ? width : (int) ((long) done * width / total);
        String b = "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "");
        return String.format(Locale.ROOT, "%s [%s] %d/%d  loss %.4f  %.0f img/s  ETA %ds", label, b, done, total, loss, rate,
                Math.round(eta));
    }

    /** Accuracy of {@code model} (in eval mode, no graph) over a loader. */
    public static double accuracy(Module model, DataLoader loader) {
        return accuracy(model, loader, null);
    }

    /** Accuracy, also counting {@code confusion[true][predicted]} when it is not null. */
    public static double accuracy(Module model, DataLoader loader, int[][] confusion) {
        model.eval();
        int correct = 0;
        int total = 0;
        try (var g = Autograd.noGrad()) {
            for (DataLoader.Batch b : loader) {
                int[] pred;
                try (MemoryScope scope = MemoryScope.open()) {
                    pred = model.forward(b.inputs()).argmaxArray(1);
                }
                for (int i = 0; i < pred.length; i++) {
                    correct += pred[i] == b.labels()[i] ? 1 : 0;
                    if (confusion != null) {
                        confusion[b.labels()[i]][pred[i]]++;
                    }
                }
                total += b.size();
            }
        }
        return total == 0 ? 0 : (double) correct / total;
    }

    /** Adds the options every MNIST example shares (data, dataset, epochs, batch size, lr, seed, threads). */
    static Args standardOptions(Args a, int epochs, double lr) {
        return a.option("data", null, "directory with the four IDX .gz files (default: ../shared/datasets/<dataset>, else download to ~/.cache/flint)")
                .option("dataset", "mnist", "mnist or fashion")
                .option("epochs", Integer.toString(epochs), "training epochs")
                .option("batch-size", "64", "mini-batch size")
                .option("lr", Double.toString(lr), "initial learning rate")
                .option("seed", "1", "seed for initialisation and shuffling")
                .option("threads", Integer.toString(Runtime.getRuntime().availableProcessors()), "compute threads");
    }

    /** The train and test splits named by the standard options (normalised). */
    static MnistFamily[] loadSplits(Args a) throws IOException {
        String dataset = a.get("dataset");
        Path dir = dataDir(a.get("data"), dataset.equals("fashion") ? "fashion-mnist" : "mnist");
        return new MnistFamily[] {load(dataset, dir, true), load(dataset, dir, false)};
    }

    /**
     * The directory to read a dataset from: the explicit one; else the project's shared folder
     * ({@code ../shared/datasets/<name>} from the working directory) when present; else null,
     * which makes the loaders use the cache and download.
     */
    public static Path dataDir(String explicit, String name) {
        if (explicit != null) {
            return Path.of(explicit);
        }
        Path shared = Path.of("..", "shared", "datasets", name);
        return Files.isDirectory(shared) ? shared : null;
    }

    /** Loads a split of mnist or fashion (normalised). */
    public static MnistFamily load(String dataset, Path dir, boolean train) throws IOException {
        return switch (dataset) {
            case "mnist" -> train ? MNIST.train(dir, true) : MNIST.test(dir, true);
            case "fashion" -> train ? FashionMNIST.train(dir, true) : FashionMNIST.test(dir, true);
            default -> throw new IllegalArgumentException("unknown dataset '" + dataset + "' (mnist or fashion)");
        };
    }

    /**
     * The first {@code n} test images in a row, each framed green when the model classifies it
     * correctly and red when not (the predicted class is in the report's confusion matrix).
     */
    static java.awt.image.BufferedImage samples(Module model, MnistFamily test, int n) {
        model.eval();
        java.awt.image.BufferedImage[] tiles = new java.awt.image.BufferedImage[n];
        try (var g = Autograd.noGrad()) {
            Tensor x = test.inputs().narrow(0, 0, n);
            int[] pred = model.call(x).argmaxArray(1);
            for (int i = 0; i < n; i++) {
                java.awt.image.BufferedImage digit = dev.flint.nn.viz.Images.grid(x.select(0, i), 1, 0, 2, true);
                java.awt.image.BufferedImage framed = new java.awt.image.BufferedImage(digit.getWidth() + 4, digit.getHeight() + 4,
                        java.awt.image.BufferedImage.TYPE_INT_RGB);
                var gr = framed.createGraphics();
                gr.setColor(pred[i] == test.labels()[i] ? new java.awt.Color(0x2ca02c) : new java.awt.Color(0xd62728));
                gr.fillRect(0, 0, framed.getWidth(), framed.getHeight());
                gr.drawImage(digit, 2, 2, null);
                gr.dispose();
                tiles[i] = framed;
            }
        }
        return dev.flint.nn.viz.Images.row(2, tiles);
    }
}
