package dev.flint.nn.models;

import dev.flint.nn.BatchNorm2d;
import dev.flint.nn.Conv2d;
import dev.flint.nn.Init;
import dev.flint.nn.Linear;
import dev.flint.nn.Module;

import java.util.random.RandomGenerator;

/** The weight initialisations torchvision's model constructors apply after building the layers. */
final class TorchvisionInit {
    private TorchvisionInit() {
    }

    /**
     * Convolutions: kaiming_normal_(fan_out, relu), bias 0; batch norms: weight 1, bias 0; linear
     * layers: N(0, 0.01), bias 0 when {@code linearNormal} (VGG), else left at PyTorch's default
     * (ResNet's fc).
     */
    static void apply(Module model, boolean linearNormal, RandomGenerator rng) {
        model.apply(m -> {
            if (m instanceof Conv2d c) {
                Init.kaimingNormalFanOut(c.weight(), rng);
                if (c.bias() != null) {
                    Init.constant(c.bias(), 0f);
                }
            } else if (m instanceof BatchNorm2d b) {
                Init.constant(b.weight(), 1f);
                Init.constant(b.bias(), 0f);
            } else if (m instanceof Linear l && linearNormal) {
                Init.normal(l.weight(), 0, 0.01, rng);
                if (l.bias() != null) {
                    Init.constant(l.bias(), 0f);
                }
            }
        });
    }
}
