package dev.flint.nn;

import dev.flint.core.Autograd;
import dev.flint.core.Tensor;

import java.util.random.RandomGenerator;

/** Weight initialisation as torch.nn.init (in place, without recording a graph). */
public final class Init {
    private Init() {
    }

    /** Fills with U(-bound, bound). */
    public static Tensor uniform(Tensor t, double bound, RandomGenerator rng) {
        try (var g = Autograd.noGrad()) {
            float[] v = new float[t.numel()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
            t.copy_(Tensor.wrap(v, t.shape()));
        }
        return t;
    }

    /** fan_in of a weight: size(1) times the receptive field (torch's _calculate_fan_in_and_fan_out). */
    public static int fanIn(Tensor weight) {
        if (weight.dim() < 2) {
            throw new IllegalArgumentException("fanIn: needs a weight of rank >= 2, got shape "
                    + java.util.Arrays.toString(weight.shape()));
        }
        int receptive = weight.numel() / (weight.size(0) * weight.size(1));
        return weight.size(1) * receptive;
    }

    /** kaiming_uniform_ with leaky-relu slope a: bound = sqrt(2 / (1 + a^2)) * sqrt(3 / fan_in). */
    public static Tensor kaimingUniform(Tensor weight, double a, RandomGenerator rng) {
        double gain = Math.sqrt(2.0 / (1 + a * a));
        return uniform(weight, gain * Math.sqrt(3.0 / fanIn(weight)), rng);
    }

    /**
     * PyTorch's default for Linear and Conv layers: kaiming_uniform_(a = sqrt(5)) on the weight
     * (bound 1/sqrt(fan_in)) and U(-1/sqrt(fan_in), 1/sqrt(fan_in)) on the bias.
     */
    public static void torchDefault(Tensor weight, Tensor bias, RandomGenerator rng) {
        kaimingUniform(weight, Math.sqrt(5), rng);
        if (bias != null) {
            int fanIn = fanIn(weight);
            uniform(bias, fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0, rng);
        }
    }

    /** Fills with N(mean, std^2) (torch.nn.init.normal_). */
    public static Tensor normal(Tensor t, double mean, double std, RandomGenerator rng) {
        try (var g = Autograd.noGrad()) {
            float[] v = new float[t.numel()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (mean + std * rng.nextGaussian());
            }
            t.copy_(Tensor.wrap(v, t.shape()));
        }
        return t;
    }

    /** Fills with a constant (torch.nn.init.constant_). */
    public static Tensor constant(Tensor t, float value) {
        try (var g = Autograd.noGrad()) {
            t.fill_(value);
        }
        return t;
    }

    /**
     * kaiming_normal_(mode='fan_out', nonlinearity='relu'): N(0, 2 / fan_out), fan_out = size(0)
     * times the receptive field. torchvision's initialisation of VGG, ResNet and U-Net-style convs.
     */
    public static Tensor kaimingNormalFanOut(Tensor weight, RandomGenerator rng) {
        int receptive = weight.numel() / (weight.size(0) * weight.size(1));
        return normal(weight, 0, Math.sqrt(2.0 / (weight.size(0) * receptive)), rng);
    }
}
