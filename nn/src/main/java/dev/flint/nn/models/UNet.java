package dev.flint.nn.models;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;
import dev.flint.nn.BatchNorm2d;
import dev.flint.nn.Conv2d;
import dev.flint.nn.ConvTranspose2d;
import dev.flint.nn.MaxPool2d;
import dev.flint.nn.Module;
import dev.flint.nn.ModuleList;
import dev.flint.nn.ReLU;
import dev.flint.nn.Sequential;

import java.util.random.RandomGenerator;

/**
 * U-Net (Ronneberger et al. 2015): an encoder of double 3x3 convolution blocks separated by 2x2
 * max pools, a decoder of 2x2 stride-2 transposed convolutions whose output is concatenated with
 * the (centre-cropped) encoder map of the same level before another double convolution, and a
 * 1x1 head. Children: {@code encoder.i}, {@code pool}, {@code up.i}, {@code decoder.i},
 * {@code head}. With {@link Padding#VALID} (the paper) a 572x572 input gives a 388x388 map; with
 * {@link Padding#SAME} the output has the input's size (a multiple of 2^depth).
 */
public final class UNet extends Module {
    /** Convolution padding: none (the paper), or 1 so that every block keeps its size. */
    public enum Padding { VALID, SAME }

    private final int depth;

    /** The paper's network: 1 input channel, 2 classes, base width 64, depth 4, valid padding. */
    public UNet() {
        this(1, 2, 64, 4, Padding.VALID, false, Generator.defaultGenerator());
    }

    /**
     * The full form: {@code baseWidth} channels at the first level, doubling per level for
     * {@code depth} downsamplings; optional batch norm after each convolution.
     */
    public UNet(int inChannels, int outChannels, int baseWidth, int depth, Padding padding, boolean batchNorm, RandomGenerator rng) {
        if (depth < 1 || baseWidth < 1) {
            throw new IllegalArgumentException("UNet: depth " + depth + " and base width " + baseWidth + " must be >= 1");
        }
        this.depth = depth;
        int pad = padding == Padding.SAME ? 1 : 0;
        ModuleList encoder = new ModuleList();
        int in = inChannels;
        for (int level = 0; level <= depth; level++) {
            int w = baseWidth << level;
            encoder.add(doubleConv(in, w, pad, batchNorm, rng));
            in = w;
        }
        registerModule("encoder", encoder);
        registerModule("pool", new MaxPool2d(2));
        ModuleList up = new ModuleList();
        ModuleList decoder = new ModuleList();
        for (int level = depth - 1; level >= 0; level--) {
            int w = baseWidth << level;
            up.add(new ConvTranspose2d(2 * w, w, new int[] {2}, new int[] {2}, new int[] {0}, new int[] {0}, 1, true, new int[] {1}, rng));
            decoder.add(doubleConv(2 * w, w, pad, batchNorm, rng));
        }
        registerModule("up", up);
        registerModule("decoder", decoder);
        registerModule("head", new Conv2d(baseWidth, outChannels, new int[] {1}, new int[] {1}, new int[] {0}, new int[] {1}, 1, true, rng));
    }

    private static Sequential doubleConv(int in, int out, int pad, boolean batchNorm, RandomGenerator rng) {
        Sequential s = new Sequential();
        for (int i = 0; i < 2; i++) {
            s.add(new Conv2d(i == 0 ? in : out, out, new int[] {3}, new int[] {1}, new int[] {pad}, new int[] {1}, 1, !batchNorm, rng));
            if (batchNorm) {
                s.add(new BatchNorm2d(out));
            }
            s.add(new ReLU());
        }
        return s;
    }

    @Override
    public Tensor forward(Tensor input) {
        ModuleList encoder = (ModuleList) child("encoder");
        ModuleList up = (ModuleList) child("up");
        ModuleList decoder = (ModuleList) child("decoder");
        Tensor[] skips = new Tensor[depth];
        Tensor x = input;
        for (int level = 0; level < depth; level++) {
            x = encoder.get(level).call(x);
            skips[level] = x;
            if (x.size(2) < 2 || x.size(3) < 2) {
                throw new IllegalArgumentException("UNet: input of shape " + java.util.Arrays.toString(input.shape())
                        + " is too small for depth " + depth + " (level " + level + " map is " + x.size(2) + "x" + x.size(3) + ")");
            }
            x = child("pool").call(x);
        }
        x = encoder.get(depth).call(x);
        for (int i = 0; i < depth; i++) {
            x = up.get(i).call(x);
            Tensor skip = centreCrop(skips[depth - 1 - i], x.size(2), x.size(3));
            x = decoder.get(i).call(Tensor.cat(1, skip, x));
        }
        return child("head").call(x);
    }

    /** The centre h x w window of an NCHW map (the paper's cropping of the skip connection). */
    static Tensor centreCrop(Tensor t, int h, int w) {
        int dh = t.size(2) - h;
        int dw = t.size(3) - w;
        if (dh < 0 || dw < 0) {
            throw new IllegalStateException("UNet: skip map " + t.size(2) + "x" + t.size(3) + " is smaller than the upsampled "
                    + h + "x" + w + "; use an input whose size divides by 2^depth");
        }
        return dh == 0 && dw == 0 ? t : t.narrow(2, dh / 2, h).narrow(3, dw / 2, w);
    }
}
