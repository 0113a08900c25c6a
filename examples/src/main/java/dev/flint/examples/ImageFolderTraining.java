package dev.flint.examples;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;
import dev.flint.core.Flint;
import dev.flint.data.DataLoader;
import dev.flint.data.Dataset;
import dev.flint.data.ImageFolder;
import dev.flint.data.Subset;
import dev.flint.data.transforms.CenterCrop;
import dev.flint.data.transforms.Compose;
import dev.flint.data.transforms.Normalize;
import dev.flint.data.transforms.RandomCrop;
import dev.flint.data.transforms.RandomHorizontalFlip;
import dev.flint.data.transforms.Resize;
import dev.flint.data.transforms.Transform;
import dev.flint.nn.Module;
import dev.flint.nn.SafeTensors;
import dev.flint.nn.models.LeNet5;
import dev.flint.nn.models.ResNet;
import dev.flint.nn.viz.Charts;
import dev.flint.nn.viz.TrainingReport;
import dev.flint.optim.CosineAnnealingLR;
import dev.flint.optim.SGD;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a classifier on your own images: a folder with one sub-folder of images per class (or
 * {@code train/} and {@code val/} folders of that form). Images are resized and centre-cropped to
 * a square, augmented with random crops (padding 1/8 of the side) and horizontal flips, and
 * normalised with the per-channel mean and std measured on training images. Trains a small-stem
 * ResNet-18 (or LeNet-5 for 28x28 inputs) with SGD, momentum and a cosine schedule; prints
 * progress, writes an HTML report and saves the weights with the class names in the metadata.
 */
public final class ImageFolderTraining {
    private ImageFolderTraining() {
    }

    /** Result of a run, for tests. */
    record Result(double accuracy, List<String> classes, Path weights) {
    }

    /** Entry point; {@code --help} lists the options. */
    public static void main(String[] argv) throws Exception {
        run(argv);
    }

    static Result run(String[] argv) throws IOException {
        Args a = new Args("ImageFolderTraining")
                .option("data", null, "folder of class folders, or with train/ and val/ folders of class folders")
                .option("val-fraction", "0.2", "share of the images held out for validation when there is no val/ folder")
                .option("model", "resnet18", "resnet18 (small stem) or lenet5 (needs --size 28)")
                .option("width", "16", "ResNet base width (torchvision: 64)")
                .option("size", "32", "side of the square the images are resized and cropped to")
                .option("channels", "3", "1 (grey) or 3 (RGB)")
                .option("hflip", "true", "random horizontal flips (turn off for digits or text)")
                .option("epochs", "10", "training epochs")
                .option("batch-size", "64", "mini-batch size")
                .option("lr", "0.05", "initial SGD learning rate (cosine-annealed to 0)")
                .option("weight-decay", "5e-4", "SGD weight decay")
                .option("workers", Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)),
                        "threads that decode and augment images")
                .option("seed", "1", "seed for the split, initialisation, shuffling and augmentation")
                .option("threads", Integer.toString(Runtime.getRuntime().availableProcessors()), "compute threads")
                .option("out", "imagefolder-training", "directory for report.html and model.safetensors");
        if (!a.parse(argv)) {
            return null;
        }
        if (a.get("data") == null) {
            throw new IllegalArgumentException("ImageFolderTraining: --data DIR is required\n" + a.usage());
        }
        Flint.setNumThreads(a.getInt("threads"));
        Path root = Path.of(a.get("data"));
        int size = a.getInt("size");
        int channels = a.getInt("channels");
        long seed = a.getLong("seed");
        boolean hflip = a.getBoolean("hflip");
        Transform shape = new Compose(new Resize(size), new CenterCrop(size));

        // Two views of the same files: augmented for training, deterministic for validation.
        boolean split = Files.isDirectory(root.resolve("train")) && Files.isDirectory(root.resolve("val"));
        ImageFolder trainPlain = new ImageFolder(split ? root.resolve("train") : root, shape, channels, false);
        Subset trainIdx;
        Dataset valSet;
        List<String> classes = trainPlain.classes();
        if (split) {
            trainIdx = new Subset(trainPlain, range(trainPlain.size()));
            ImageFolder val = new ImageFolder(root.resolve("val"), shape, channels, false);
            if (!val.classes().equals(classes)) {
                throw new IOException("ImageFolderTraining: val/ has classes " + val.classes() + ", train/ has " + classes);
            }
            valSet = val;
        } else {
            int nVal = (int) Math.round(trainPlain.size() * a.getDouble("val-fraction"));
            List<Subset> parts = Subset.randomSplit(trainPlain, new int[] {trainPlain.size() - nVal, nVal}, seed);
            trainIdx = parts.get(0);
            valSet = parts.get(1);
        }
        float[][] stats = meanStd(trainIdx, channels, 256);
        Normalize normalize = new Normalize(stats[0], stats[1]);
        List<Transform> aug = new ArrayList<>(List.of(shape, RandomCrop.withPadding(size, Math.max(1, size / 8))));
        if (hflip) {
            aug.add(new RandomHorizontalFlip());
        }
        aug.add(normalize);
        ImageFolder trainAug = new ImageFolder(split ? root.resolve("train") : root, new Compose(aug.toArray(Transform[]::new)), channels, false);
        Dataset train = trainIdx.of(trainAug);
        Dataset val = valSet.withTransform(normalize);
        int workers = a.getInt("workers");
        DataLoader trainLoader = new DataLoader(train, a.getInt("batch-size"), true, seed, false).numWorkers(workers);
        DataLoader valLoader = new DataLoader(val, 256, false, 0, false).numWorkers(workers);

        Generator.manualSeed(seed);
        Module model = switch (a.get("model")) {
            case "resnet18" -> new ResNet(ResNet.Depth.RESNET18, classes.size(),
                    ResNet.Options.smallInput(channels).withBaseWidth(a.getInt("width")).withRng(new Generator(seed)));
            case "lenet5" -> {
                if (size != 28) {
                    throw new IllegalArgumentException("ImageFolderTraining: lenet5 takes 28x28 inputs; use --size 28");
                }
                yield new LeNet5(channels, classes.size(), new Generator(seed));
            }
            default -> throw new IllegalArgumentException("ImageFolderTraining: unknown model '" + a.get("model") + "' (resnet18 or lenet5)");
        };
        int epochs = a.getInt("epochs");
        SGD opt = new SGD(model.parameters(), a.getDouble("lr"), 0.9, 0, a.getDouble("weight-decay"), false);
        CosineAnnealingLR schedule = new CosineAnnealingLR(opt, epochs, 0);
        Path out = Path.of(a.get("out"));
        TrainingReport report = new TrainingReport(out.resolve("report.html"), a.get("model") + " on " + root.getFileName())
                .setting("data", train.size() + " train / " + val.size() + " validation images, " + classes.size() + " classes, "
                        + size + "x" + size + "x" + channels)
                .setting("augmentation", aug.toString())
                .setting("parameters", Long.toString(model.parameterCount()))
                .setting("optimizer", "SGD lr " + a.get("lr") + " momentum 0.9 wd " + a.get("weight-decay") + ", cosine over " + epochs + " epochs")
                .setting("threads", Flint.numThreads() + " compute, " + workers + " loader workers");
        System.out.printf(Locale.ROOT, "%s: %d classes %s, %d train / %d validation images; %s, %d parameters; %d threads, %d workers%n",
                root, classes.size(), classes.size() <= 12 ? classes : classes.subList(0, 12) + "...", train.size(), val.size(),
                a.get("model"), model.parameterCount(), Flint.numThreads(), workers);
        double acc = 0;
        long start = System.nanoTime();
        try (trainLoader; valLoader) {
            for (int e = 1; e <= epochs; e++) {
                Training.EpochStats s = Training.trainEpoch(model, opt, trainLoader, String.format(Locale.ROOT, "epoch %d/%d", e, epochs),
                        System.out);
                int[][] confusion = new int[classes.size()][classes.size()];
                acc = Training.accuracy(model, valLoader, confusion);
                schedule.step();
                report.epoch(s.meanLoss(), Double.NaN, acc, s.seconds());
                if (classes.size() <= 20) {
                    report.figureSvg("confusion matrix (validation)", Charts.confusionSvg(confusion, classes));
                }
                report.write();
                System.out.printf(Locale.ROOT, "epoch %d/%d  train loss %.4f  validation accuracy %.2f%%  %.1fs (%.0f img/s)%n", e, epochs,
                        s.meanLoss(), 100 * acc, s.seconds(), s.images() / s.seconds());
            }
        }
        System.out.printf(Locale.ROOT, "final validation accuracy %.2f%% after %d epochs in %.1fs%n", 100 * acc, epochs,
                (System.nanoTime() - start) / 1e9);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", a.get("model"));
        meta.put("classes", String.join("\n", classes));
        meta.put("input", channels + "x" + size + "x" + size);
        meta.put("mean", java.util.Arrays.toString(stats[0]));
        meta.put("std", java.util.Arrays.toString(stats[1]));
        Path weights = out.resolve("model.safetensors");
        SafeTensors.save(model.stateDict(), weights, meta);
        System.out.println("wrote " + out.resolve("report.html").toAbsolutePath() + " and " + weights.toAbsolutePath());
        return new Result(acc, classes, weights);
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** Per-channel mean and std over up to {@code limit} evenly spaced samples. */
    static float[][] meanStd(Dataset d, int channels, int limit) {
        double[] sum = new double[channels];
        double[] sq = new double[channels];
        long count = 0;
        int n = Math.min(limit, d.size());
        for (int k = 0; k < n; k++) {
            Tensor x = d.get((int) ((long) k * d.size() / n)).input();
            float[] v = x.toArray();
            int plane = v.length / channels;
            for (int c = 0; c < channels; c++) {
                for (int p = c * plane; p < (c + 1) * plane; p++) {
                    sum[c] += v[p];
                    sq[c] += (double) v[p] * v[p];
                }
            }
            count += plane;
        }
        float[][] out = new float[2][channels];
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / Math.max(1, count);
            out[0][c] = (float) m;
            out[1][c] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, sq[c] / Math.max(1, count) - m * m)));
        }
        return out;
    }
}
