package dev.flint.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.Generator;
import dev.flint.data.DataLoader;
import dev.flint.data.MNIST;
import dev.flint.nn.models.LeNet5;
import dev.flint.optim.SGD;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * End to end on real data: LeNet-5 trained for one short epoch on the first 16,000 MNIST training
 * images must classify a held-out slice (the first 2,000 test images) with more than 90% accuracy.
 * An untrained network scores about 10%, so this fails if any part of the pipeline is broken.
 * (With 8,000 images the result sat at the threshold, 87-91% depending on float summation order;
 * 16,000 images reach about 95%, so the test checks learning, not rounding luck.)
 */
class LeNet5TrainingTest {
    @Test
    void learnsMnist() throws Exception {
        Path root = Path.of(System.getProperty("flint.repo.root", ".")).toAbsolutePath().normalize();
        Path dir = root.resolveSibling("shared").resolve("datasets").resolve("mnist");
        assertTrue(Files.isDirectory(dir), "test data missing: expected the MNIST files in " + dir);
        MNIST train = MNIST.train(dir, true);
        MNIST test = MNIST.test(dir, true);
        LeNet5 model = new LeNet5(1, 10, new Generator(1));
        SGD opt = SGD.momentum(model.parameters(), 0.05, 0.9);
        DataLoader loader = new DataLoader(train.head(16_000), 64, true, 1, false);
        double untrained = Training.accuracy(model, new DataLoader(test.head(2000), 500, false, 0, false));
        Training.EpochStats s = Training.trainEpoch(model, opt, loader, "it", null);
        double acc = Training.accuracy(model, new DataLoader(test.head(2000), 500, false, 0, false));
        assertTrue(untrained < 0.3, "untrained accuracy " + untrained);
        assertTrue(acc > 0.90, "accuracy after one short epoch: " + acc + " (train loss " + s.meanLoss() + ")");
    }
}
