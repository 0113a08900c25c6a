package dev.flint.examples;

import dev.flint.core.Generator;
import dev.flint.core.Flint;
import dev.flint.data.DataLoader;
import dev.flint.data.MnistFamily;
import dev.flint.nn.Dropout;
import dev.flint.nn.Flatten;
import dev.flint.nn.Linear;
import dev.flint.nn.Module;
import dev.flint.nn.ReLU;
import dev.flint.nn.Sequential;
import dev.flint.nn.models.LeNet5;
import dev.flint.optim.SGD;

import java.util.Locale;

/**
 * Transfer learning as in the notes' "retrain a pretrained network with a new head": LeNet-5 is
 * pretrained on MNIST, its convolutional trunk ({@code features}) is frozen, its classifier is
 * replaced by a new, wider head, and only the head is trained on Fashion-MNIST. The same
 * architecture trained from scratch on Fashion-MNIST with the same budget (epochs, batches,
 * optimizer) is the baseline; both test accuracies are printed.
 */
public final class TransferLearning {
    private TransferLearning() {
    }

    /** Entry point; {@code --help} lists the options. */
    public static void main(String[] argv) throws Exception {
        Args a = new Args("TransferLearning")
                .option("pretrain-epochs", "3", "epochs of MNIST pretraining")
                .option("epochs", "2", "Fashion-MNIST epochs for both the transferred and the from-scratch model")
                .option("train-limit", "6000", "Fashion-MNIST training images for the new task (a small labelled set; 0: all)")
                .option("lr", "0.05", "SGD learning rate (momentum 0.9)")
                .option("batch-size", "64", "mini-batch size")
                .option("seed", "1", "seed")
                .option("threads", Integer.toString(Runtime.getRuntime().availableProcessors()), "compute threads");
        if (!a.parse(argv)) {
            return;
        }
        Flint.setNumThreads(a.getInt("threads"));
        long seed = a.getLong("seed");
        int batch = a.getInt("batch-size");
        MnistFamily mnist = Training.load("mnist", Training.dataDir(null, "mnist"), true);
        MnistFamily fashionTrain = Training.load("fashion", Training.dataDir(null, "fashion-mnist"), true);
        MnistFamily fashionTest = Training.load("fashion", Training.dataDir(null, "fashion-mnist"), false);
        int limit = a.getInt("train-limit");
        DataLoader fashionLoader = new DataLoader(limit > 0 ? fashionTrain.head(limit) : fashionTrain, batch, true, seed, false);
        DataLoader testLoader = new DataLoader(fashionTest, 1000, false, 0, false);

        // 1. pretrain on MNIST
        LeNet5 model = new LeNet5(1, 10, new Generator(seed));
        SGD pre = SGD.momentum(model.parameters(), a.getDouble("lr"), 0.9);
        DataLoader mnistLoader = new DataLoader(mnist, batch, true, seed, false);
        for (int e = 1; e <= a.getInt("pretrain-epochs"); e++) {
            Training.trainEpoch(model, pre, mnistLoader, "MNIST pretraining " + e, System.out);
        }

        // 2. freeze the trunk, re-architect the head, train only the head on Fashion-MNIST
        Module trunk = model.namedChildren().get("features");
        trunk.freeze(); // no gradients, and kept in evaluation mode while the head trains
        model.setChild("classifier", head(new Generator(seed + 1)));
        SGD headOnly = SGD.momentum(model.trainableParameters(), a.getDouble("lr"), 0.9);
        System.out.println(model);
        System.out.printf(Locale.ROOT, "trainable parameters: %d of %d%n",
                model.trainableParameters().stream().mapToLong(t -> t.numel()).sum(), model.parameterCount());
        double transferred = 0;
        for (int e = 1; e <= a.getInt("epochs"); e++) {
            Training.trainEpoch(model, headOnly, fashionLoader, "transfer " + e, System.out);
            transferred = Training.accuracy(model, testLoader);
            System.out.printf(Locale.ROOT, "transfer epoch %d: Fashion-MNIST test accuracy %.2f%%%n", e, 100 * transferred);
        }

        // 3. baseline: same architecture from scratch, same budget
        LeNet5 scratch = new LeNet5(1, 10, new Generator(seed + 2));
        scratch.setChild("classifier", head(new Generator(seed + 3)));
        SGD all = SGD.momentum(scratch.parameters(), a.getDouble("lr"), 0.9);
        double fromScratch = 0;
        for (int e = 1; e <= a.getInt("epochs"); e++) {
            Training.trainEpoch(scratch, all, fashionLoader, "from scratch " + e, System.out);
            fromScratch = Training.accuracy(scratch, testLoader);
            System.out.printf(Locale.ROOT, "scratch epoch %d: Fashion-MNIST test accuracy %.2f%%%n", e, 100 * fromScratch);
        }
        System.out.printf(Locale.ROOT, "Fashion-MNIST test accuracy after %d epochs on %d images: transferred (frozen MNIST trunk, new head) %.2f%%,"
                + " from scratch %.2f%%%n", a.getInt("epochs"), limit > 0 ? Math.min(limit, fashionTrain.size()) : fashionTrain.size(), 100 * transferred, 100 * fromScratch);
    }

    /** The new head: wider than LeNet-5's, with dropout. */
    static Sequential head(Generator g) {
        return new Sequential(new Flatten(), new Linear(400, 256, true, g), new ReLU(), new Dropout(0.3f, g), new Linear(256, 10, true, g));
    }
}
