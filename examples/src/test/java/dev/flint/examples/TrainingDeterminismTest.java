package dev.flint.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.testing.ChildJvm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Same seed, same weights: two fresh JVMs that each train LeNet-5 for 20 steps on real MNIST end
 * with bit-identical weights, at 1 and at 2 compute threads (results may depend on the thread
 * count, never on the run). With the JDK's vector exp, JIT warm-up during the run changed the
 * softmax's bits, and with them every weight.
 */
class TrainingDeterminismTest {
    private static final int STEPS = 20;

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2})
    void twoFreshJvmsTrainToTheSameWeights(int threads) throws Exception {
        Path root = Path.of(System.getProperty("flint.repo.root", ".")).toAbsolutePath().normalize();
        Path dir = root.resolveSibling("shared").resolve("datasets").resolve("mnist");
        assertTrue(Files.isDirectory(dir), "test data missing: expected the MNIST files in " + dir);
        String[] hashes = new String[2];
        for (int run = 0; run < 2; run++) {
            ChildJvm.Result r = ChildJvm.run(300, true, List.of("-Dflint.threads=" + threads), LeNetTrainHash.class,
                    dir.toString(), Integer.toString(STEPS)).requireSuccess();
            List<String> hash = r.lines("HASH ");
            List<String> loss = r.lines("LOSS ");
            assertEquals(1, hash.size(), () -> "no hash in:\n" + r.output());
            double mean = Double.parseDouble(loss.get(0));
            assertTrue(mean > 0 && mean < 2.3, "20 steps should have started learning; mean loss " + mean);
            hashes[run] = hash.get(0);
        }
        assertEquals(hashes[0], hashes[1], "weights after " + STEPS + " seeded steps differ between two JVMs at " + threads + " thread(s)");
    }
}
