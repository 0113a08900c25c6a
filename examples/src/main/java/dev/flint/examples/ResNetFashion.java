package dev.flint.examples;

import dev.flint.core.Generator;
import dev.flint.core.Flint;
import dev.flint.data.DataLoader;
import dev.flint.data.Dataset;
import dev.flint.data.transforms.Compose;
import dev.flint.data.transforms.PaddingMode;
import dev.flint.data.transforms.RandomCrop;
import dev.flint.data.transforms.RandomErasing;
import dev.flint.data.transforms.RandomHorizontalFlip;
import dev.flint.data.transforms.Transform;
import dev.flint.data.MnistFamily;
import dev.flint.nn.models.ResNet;
import dev.flint.nn.viz.Charts;
import dev.flint.nn.viz.TrainingReport;
import dev.flint.optim.CosineAnnealingLR;
import dev.flint.optim.SGD;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A ResNet-18 with the small-input stem (3x3 stride-1 conv, no max pool) and batch norm on
 * Fashion-MNIST with the standard augmentation (random crops of the zero-padded image, horizontal
 * flips; {@code --augment false} turns it off), SGD with momentum, weight decay and a cosine
 * learning-rate schedule. Prints the test accuracy per epoch and writes an HTML training report.
 */
public final class ResNetFashion {
    private ResNetFashion() {
    }

    /** Entry point; {@code --help} lists the options. */
    public static void main(String[] argv) throws Exception {
        Args a = Training.standardOptions(new Args("ResNetFashion"), 21, 0.05)
                .option("width", "16", "ResNet base width (torchvision: 64)")
                .option("weight-decay", "5e-4", "SGD weight decay")
                .option("augment", "true", "random crops (zero padding of --pad pixels) and horizontal flips of the training images")
                .option("pad", "2", "padding of the random crops")
                .option("erase", "0.5", "probability of RandomErasing (torchvision's defaults, erased to 0 after normalisation) after crop and flip; 0: none")
                .option("label-smoothing", "0", "label smoothing of the cross-entropy (torch's label_smoothing); 0: none")
                .option("workers", "1", "loader threads that augment the training images")
                .option("report", "resnet-fashion/report.html", "HTML training report");
        a.option("dataset", "fashion", "mnist or fashion");
        if (!a.parse(argv)) {
            return;
        }
        Flint.setNumThreads(a.getInt("threads"));
        long seed = a.getLong("seed");
        MnistFamily[] splits = Training.loadSplits(a);
        Dataset trainSet = splits[0];
        if (a.getBoolean("augment")) {
            // The images are normalised: padding takes the value a black pixel has after normalisation.
            float black = -splits[0].spec().mean() / splits[0].spec().std();
            Transform cropFlip = new Compose(
                    new RandomCrop(new int[] {28}, new int[] {a.getInt("pad")}, false, black, PaddingMode.CONSTANT),
                    new RandomHorizontalFlip());
            double erase = a.getDouble("erase");
            trainSet = trainSet.withTransform(erase > 0 ? new Compose(cropFlip, new RandomErasing(erase, 0.02, 0.33, 0.3, 3.3, new float[] {0})) : cropFlip);
        }
        DataLoader train = new DataLoader(trainSet, a.getInt("batch-size"), true, seed, false).numWorkers(a.getInt("workers"));
        DataLoader test = new DataLoader(splits[1], 500, false, 0, false);
        Generator.manualSeed(seed);
        ResNet model = new ResNet(ResNet.Depth.RESNET18, 10,
                ResNet.Options.smallInput(1).withBaseWidth(a.getInt("width")).withRng(new Generator(seed)));
        int epochs = a.getInt("epochs");
        SGD opt = new SGD(model.parameters(), a.getDouble("lr"), 0.9, 0, a.getDouble("weight-decay"), false);
        CosineAnnealingLR schedule = new CosineAnnealingLR(opt, epochs, 0);
        TrainingReport report = new TrainingReport(Path.of(a.get("report")), "ResNet-18 (small stem) on " + a.get("dataset"))
                .setting("parameters", Long.toString(model.parameterCount())).setting("batch", a.get("batch-size"))
                .setting("augmentation", a.getBoolean("augment") ? "random crop (pad " + a.get("pad") + ") + horizontal flip" + (a.getDouble("erase") > 0 ? " + random erasing p " + a.get("erase") : "") : "none")
                .setting("optimizer", "SGD lr " + a.get("lr") + " momentum 0.9 wd " + a.get("weight-decay") + ", cosine")
                .setting("loss", "cross-entropy, label smoothing " + a.get("label-smoothing"))
                .setting("threads", Integer.toString(Flint.numThreads()));
        System.out.printf(Locale.ROOT, "ResNet-18 small stem, width %d, %d parameters, %d epochs, %d threads%n", a.getInt("width"),
                model.parameterCount(), epochs, Flint.numThreads());
        float labelSmoothing = (float) a.getDouble("label-smoothing");
        long start = System.nanoTime();
        double acc = 0;
        for (int e = 1; e <= epochs; e++) {
            Training.EpochStats s = Training.trainEpoch(model, opt, train, String.format(Locale.ROOT, "epoch %d/%d", e, epochs), System.out,
                    labelSmoothing);
            int[][] confusion = new int[10][10];
            acc = Training.accuracy(model, test, confusion);
            schedule.step();
            report.epoch(s.meanLoss(), Double.NaN, acc, s.seconds());
            report.figureSvg("confusion matrix (test)", Charts.confusionSvg(confusion,
                    List.of("T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Boot")));
            report.write();
            System.out.printf(Locale.ROOT, "epoch %d/%d  train loss %.4f  test accuracy %.2f%%  %.1fs%n", e, epochs, s.meanLoss(),
                    100 * acc, s.seconds());
        }
        System.out.printf(Locale.ROOT, "final test accuracy %.2f%% after %d epochs in %.1fs%n", 100 * acc, epochs,
                (System.nanoTime() - start) / 1e9);
    }
}
