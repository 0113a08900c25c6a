package dev.flint.examples;

import dev.flint.core.Generator;
import dev.flint.core.Flint;
import dev.flint.data.DataLoader;
import dev.flint.data.MnistFamily;
import dev.flint.nn.Flatten;
import dev.flint.nn.Linear;
import dev.flint.nn.ReLU;
import dev.flint.nn.Sequential;
import dev.flint.optim.SGD;
import dev.flint.optim.StepLR;

import java.util.Locale;

/**
 * The lecture notes' multilayer perceptron on MNIST: 784 -> 300 -> 100 -> 10 with ReLU, softmax
 * cross-entropy, mini-batch SGD with momentum, shuffled every epoch, learning rate halved every
 * two epochs. Run with {@code ./flint example MlpMnist}.
 */
public final class MlpMnist {
    private MlpMnist() {
    }

    /** Entry point; {@code --help} lists the options. */
    public static void main(String[] argv) throws Exception {
        Args a = Training.standardOptions(new Args("MlpMnist"), 6, 0.05);
        if (!a.parse(argv)) {
            return;
        }
        Flint.setNumThreads(a.getInt("threads"));
        MnistFamily[] splits = Training.loadSplits(a);
        MnistFamily train = splits[0];
        MnistFamily test = splits[1];
        long seed = a.getLong("seed");
        Generator g = new Generator(seed);
        Sequential mlp = new Sequential(new Flatten(), new Linear(784, 300, true, g), new ReLU(), new Linear(300, 100, true, g),
                new ReLU(), new Linear(100, 10, true, g));
        System.out.println(mlp);
        SGD opt = SGD.momentum(mlp.parameters(), a.getDouble("lr"), 0.9);
        StepLR schedule = new StepLR(opt, 2, 0.5);
        DataLoader loader = new DataLoader(train, a.getInt("batch-size"), true, seed, false).prefetch(true);
        DataLoader testLoader = new DataLoader(test, 1000, false, 0, false);
        int epochs = a.getInt("epochs");
        for (int e = 1; e <= epochs; e++) {
            Training.EpochStats s = Training.trainEpoch(mlp, opt, loader, String.format(Locale.ROOT, "epoch %d/%d", e, epochs), System.out);
            double acc = Training.accuracy(mlp, testLoader);
            schedule.step();
            System.out.printf(Locale.ROOT, "epoch %d/%d  train loss %.4f  test accuracy %.2f%%  %.1fs%n", e, epochs, s.meanLoss(),
                    100 * acc, s.seconds());
        }
    }
}
