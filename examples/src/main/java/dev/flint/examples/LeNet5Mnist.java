package dev.flint.examples;

import dev.flint.core.Generator;
import dev.flint.core.Flint;
import dev.flint.data.DataLoader;
import dev.flint.data.Dataset;
import dev.flint.data.transforms.PaddingMode;
import dev.flint.data.transforms.RandomCrop;
import dev.flint.data.MnistFamily;
import dev.flint.nn.SafeTensors;
import dev.flint.nn.viz.Charts;
import dev.flint.nn.viz.Images;
import dev.flint.nn.viz.TrainingReport;
import dev.flint.nn.models.LeNet5;
import dev.flint.optim.ExponentialLR;
import dev.flint.optim.SGD;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Trains LeNet-5 on MNIST (or Fashion-MNIST) with mini-batch SGD, momentum, a learning rate
 * decayed every epoch and random shifts of the training images by up to one pixel, prints a progress bar per epoch and a summary line, and saves the
 * weights as safetensors. README's main command runs this with its defaults.
 */
public final class LeNet5Mnist {
    private LeNet5Mnist() {
    }

    /** Entry point; {@code --help} lists the options. */
    public static void main(String[] argv) throws Exception {
        Args a = Training.standardOptions(new Args("LeNet5Mnist"), 10, 0.05)
                .option("momentum", "0.9", "SGD momentum")
                .option("weight-decay", "5e-4", "SGD weight decay (L2 penalty, as torch.optim.SGD's weight_decay)")
                .option("gamma", "0.75", "learning-rate decay per epoch (ExponentialLR)")
                .option("train-limit", "0", "train on the first N images only (0: all)")
                .option("shift", "1", "random shifts of up to N pixels (random crops of the zero-padded images; 0: none)")
                .option("save", "lenet5-mnist.safetensors", "where to save the trained weights ('' to skip)")
                .option("report", "lenet5-report.html", "HTML training report, rewritten after each epoch ('' to skip)");
        if (!a.parse(argv)) {
            return;
        }
        Flint.setNumThreads(a.getInt("threads"));
        String dataset = a.get("dataset");
        MnistFamily[] splits = Training.loadSplits(a);
        MnistFamily train = splits[0];
        MnistFamily test = splits[1];
        int limit = a.getInt("train-limit");
        long seed = a.getLong("seed");
        Dataset trainSet = limit > 0 ? train.head(limit) : train;
        int shift = a.getInt("shift");
        if (shift > 0) {
            // The images are normalised: padding takes the value a black pixel has after normalisation.
            float black = -train.spec().mean() / train.spec().std();
            trainSet = trainSet.withTransform(new RandomCrop(new int[] {28}, new int[] {shift}, false, black, PaddingMode.CONSTANT));
        }
        DataLoader trainLoader = new DataLoader(trainSet, a.getInt("batch-size"), true, seed, false).numWorkers(1);
        DataLoader testLoader = new DataLoader(test, 1000, false, 0, false);

        Generator.manualSeed(seed);
        LeNet5 model = new LeNet5(1, 10, new Generator(seed));
        SGD opt = new SGD(model.parameters(), a.getDouble("lr"), a.getDouble("momentum"), 0, a.getDouble("weight-decay"), false);
        ExponentialLR schedule = new ExponentialLR(opt, a.getDouble("gamma"));
        System.out.println(model);
        System.out.printf(Locale.ROOT, "%s: %d train / %d test images, batch %d, %d epochs, %d threads, seed %d%n", dataset,
                limit > 0 ? Math.min(limit, train.size()) : train.size(), test.size(), a.getInt("batch-size"),
                a.getInt("epochs"), Flint.numThreads(), seed);

        String reportPath = a.get("report");
        TrainingReport report = reportPath.isEmpty() ? null : new TrainingReport(Path.of(reportPath), "LeNet-5 on " + dataset)
                .setting("parameters", Long.toString(model.parameterCount())).setting("batch", a.get("batch-size"))
                .setting("augmentation", shift > 0 ? "random shifts up to " + shift + " px" : "none")
                .setting("optimizer", "SGD lr " + a.get("lr") + " momentum " + a.get("momentum") + " weight decay " + a.get("weight-decay") + ", x" + a.get("gamma") + " per epoch")
                .setting("threads", Integer.toString(Flint.numThreads()));
        long start = System.nanoTime();
        double acc = 0;
        int epochs = a.getInt("epochs");
        for (int e = 1; e <= epochs; e++) {
            double lr = opt.paramGroups().get(0).lr();
            Training.EpochStats s = Training.trainEpoch(model, opt, trainLoader, String.format(Locale.ROOT, "epoch %d/%d", e, epochs), System.out);
            int[][] confusion = new int[10][10];
            acc = Training.accuracy(model, testLoader, confusion);
            schedule.step();
            if (report != null) {
                report.epoch(s.meanLoss(), Double.NaN, acc, s.seconds());
                report.figureSvg("confusion matrix (test set)", Charts.confusionSvg(confusion,
                        java.util.stream.IntStream.range(0, 10).mapToObj(Integer::toString).toList()));
                report.figure("conv1 filters", Images.filters(model.namedChildren().get("features").namedParameters().get("0.weight"), 8));
                report.figure("test samples", Training.samples(model, test, 12));
                report.write();
            }
            System.out.printf(Locale.ROOT, "epoch %d/%d  lr %.4f  train loss %.4f  test accuracy %.2f%%  %.1fs (%.0f img/s)%n",
                    e, epochs, lr, s.meanLoss(), 100 * acc, s.seconds(), s.images() / s.seconds());
        }
        double total = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "final test accuracy %.2f%% after %d epochs in %.1fs%n", 100 * acc, epochs, total);
        String save = a.get("save");
        if (!save.isEmpty()) {
            SafeTensors.save(model.stateDict(), Path.of(save));
            System.out.println("saved weights to " + Path.of(save).toAbsolutePath());
        }
    }
}
