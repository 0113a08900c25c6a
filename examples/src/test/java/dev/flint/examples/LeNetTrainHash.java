package dev.flint.examples;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;
import dev.flint.data.DataLoader;
import dev.flint.data.MNIST;
import dev.flint.nn.models.LeNet5;
import dev.flint.optim.SGD;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Child-JVM half of {@link TrainingDeterminismTest}: trains LeNet-5 from seed 1 for {@code args[1]}
 * steps of batch 64 on the MNIST training set in {@code args[0]} (shuffled with seed 1, SGD with
 * momentum), then prints {@code HASH <SHA-256 of every state-dict tensor's float bits, by name>}
 * and {@code LOSS <last loss>}.
 */
public final class LeNetTrainHash {
    private LeNetTrainHash() {
    }

    public static void main(String[] args) throws Exception {
        int steps = Integer.parseInt(args[1]);
        MNIST train = MNIST.train(Path.of(args[0]), true);
        LeNet5 model = new LeNet5(1, 10, new Generator(1));
        SGD opt = SGD.momentum(model.parameters(), 0.05, 0.9);
        DataLoader loader = new DataLoader(train.head(steps * 64), 64, true, 1, false);
        double meanLoss = Training.trainEpoch(model, opt, loader, "hash", null).meanLoss();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Map<String, Tensor> state = new TreeMap<>(model.stateDict());
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            float[] v = e.getValue().toArray();
            ByteBuffer buf = ByteBuffer.allocate(4 * v.length);
            for (float f : v) {
                buf.putInt(Float.floatToIntBits(f));
            }
            sha.update(buf.array());
        }
        System.out.println("HASH " + HexFormat.of().formatHex(sha.digest()));
        System.out.println("LOSS " + meanLoss);
    }
}
