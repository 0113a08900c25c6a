package dev.flint.nn.models;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;
import dev.flint.nn.AdaptiveAvgPool2d;
import dev.flint.nn.Dropout;
import dev.flint.nn.F;
import dev.flint.nn.Linear;
import dev.flint.nn.MaxPool2d;
import dev.flint.nn.Module;

import java.util.random.RandomGenerator;

/**
 * GoogLeNet (Inception v1), structured and named as torchvision's: conv1..conv3
 * ({@link BasicConv2d}), ceil-mode max pools, inception3a..5b ({@link InceptionModule}), avgpool,
 * dropout 0.2, fc; optional auxiliary heads aux1 (after 4a) and aux2 (after 4d), used in training
 * through {@link #forwardWithAux}.
 */
public final class GoogLeNet extends Module {
    private final boolean auxLogits;

    /** The three outputs in training with auxiliary heads (aux1/aux2 null without them or in eval). */
    public record Outputs(Tensor logits, Tensor aux2, Tensor aux1) {
    }

    /** torchvision.models.googlenet(num_classes=..., aux_logits=...). */
    public GoogLeNet(int numClasses, boolean auxLogits) {
        this(numClasses, auxLogits, Generator.defaultGenerator());
    }

    /** The same, weights from {@code rng}. */
    public GoogLeNet(int numClasses, boolean auxLogits, RandomGenerator rng) {
        this.auxLogits = auxLogits;
        registerModule("conv1", new BasicConv2d(3, 64, 7, 2, 3, rng));
        registerModule("maxpool1", new MaxPool2d(3, 2, 0, 1, true));
        registerModule("conv2", new BasicConv2d(64, 64, 1, 1, 0, rng));
        registerModule("conv3", new BasicConv2d(64, 192, 3, 1, 1, rng));
        registerModule("maxpool2", new MaxPool2d(3, 2, 0, 1, true));
        registerModule("inception3a", new InceptionModule(192, 64, 96, 128, 16, 32, 32, rng));
        registerModule("inception3b", new InceptionModule(256, 128, 128, 192, 32, 96, 64, rng));
        registerModule("maxpool3", new MaxPool2d(3, 2, 0, 1, true));
        registerModule("inception4a", new InceptionModule(480, 192, 96, 208, 16, 48, 64, rng));
        registerModule("inception4b", new InceptionModule(512, 160, 112, 224, 24, 64, 64, rng));
        registerModule("inception4c", new InceptionModule(512, 128, 128, 256, 24, 64, 64, rng));
        registerModule("inception4d", new InceptionModule(512, 112, 144, 288, 32, 64, 64, rng));
        registerModule("inception4e", new InceptionModule(528, 256, 160, 320, 32, 128, 128, rng));
        registerModule("maxpool4", new MaxPool2d(2, 2, 0, 1, true));
        registerModule("inception5a", new InceptionModule(832, 256, 160, 320, 32, 128, 128, rng));
        registerModule("inception5b", new InceptionModule(832, 384, 192, 384, 48, 128, 128, rng));
        if (auxLogits) {
            registerModule("aux1", new InceptionAux(512, numClasses, rng));
            registerModule("aux2", new InceptionAux(528, numClasses, rng));
        }
        registerModule("avgpool", new AdaptiveAvgPool2d(1, 1));
        registerModule("dropout", new Dropout(0.2f, rng));
        registerModule("fc", new Linear(1024, numClasses, true, rng));
    }

    /** The logits; the auxiliary heads are skipped (torchvision returns only these in eval). */
    @Override
    public Tensor forward(Tensor x) {
        return forwardWithAux(x).logits();
    }

    /** Logits and, in training with auxiliary heads, the two auxiliary logits (loss = main + 0.3 * (aux1 + aux2)). */
    public Outputs forwardWithAux(Tensor input) {
        Tensor x = input;
        for (String n : new String[] {"conv1", "maxpool1", "conv2", "conv3", "maxpool2", "inception3a", "inception3b", "maxpool3", "inception4a"}) {
            x = child(n).call(x);
        }
        boolean aux = auxLogits && isTraining();
        Tensor aux1 = aux ? child("aux1").call(x) : null;
        for (String n : new String[] {"inception4b", "inception4c", "inception4d"}) {
            x = child(n).call(x);
        }
        Tensor aux2 = aux ? child("aux2").call(x) : null;
        for (String n : new String[] {"inception4e", "maxpool4", "inception5a", "inception5b", "avgpool"}) {
            x = child(n).call(x);
        }
        x = child("dropout").call(x.flatten(1, -1));
        return new Outputs(child("fc").call(x), aux2, aux1);
    }

    /** torchvision's InceptionAux: 4x4 adaptive average pool, 1x1 conv to 128, fc 2048 -> 1024, dropout 0.7, fc. */
    public static final class InceptionAux extends Module {
        InceptionAux(int in, int numClasses, RandomGenerator rng) {
            registerModule("conv", new BasicConv2d(in, 128, 1, 1, 0, rng));
            registerModule("fc1", new Linear(2048, 1024, true, rng));
            registerModule("fc2", new Linear(1024, numClasses, true, rng));
            registerModule("dropout", new Dropout(0.7f, rng));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor y = child("conv").call(F.adaptiveAvgPool2d(x, 4, 4)).flatten(1, -1);
            y = child("fc1").call(y).relu();
            return child("fc2").call(child("dropout").call(y));
        }
    }
}
