package dev.flint.nn.models;

import dev.flint.core.Autograd;
import dev.flint.core.Generator;
import dev.flint.core.Tensor;
import dev.flint.nn.Conv2d;
import dev.flint.nn.ConvTranspose2d;
import dev.flint.nn.Dropout2d;
import dev.flint.nn.F;
import dev.flint.nn.MaxPool2d;
import dev.flint.nn.Module;
import dev.flint.nn.ReLU;
import dev.flint.nn.Sequential;

import java.util.random.RandomGenerator;

/**
 * Fully convolutional network for semantic segmentation (Long, Shelhamer and Darrell 2015):
 * a classification backbone whose classifier is replaced by convolutions, 1x1 score layers
 * giving per-class maps, and learned upsampling (transposed convolutions initialised to bilinear
 * interpolation) back to the input size; FCN-16s and FCN-8s fuse the scores of the stride-16 and
 * stride-8 maps before the last upsampling. Children: {@code backbone}, {@code fc6}/{@code fc7}
 * (VGG only: the fully connected layers as 7x7 and 1x1 convolutions), {@code score_fr},
 * {@code score_pool4}, {@code score_pool3}, {@code upscore2}, {@code upscore_pool4},
 * {@code upscore}. The output has the input's height and width (cropped or zero-padded).
 * For torchvision's fcn_resnet50 see {@link FCNResNet50}.
 */
public final class FCN extends Module {
    /** How many skip connections are fused before the final upsampling (stride of that upsampling). */
    public enum Variant { FCN32S, FCN16S, FCN8S }

    /** The backbone: VGG-16's convolutional trunk or a ResNet's stages. */
    public enum Backbone { VGG16, RESNET18, RESNET34, RESNET50 }

    private final Variant variant;
    private final Backbone backbone;
    private final int[] poolIndex; // VGG: index in features just after pool3, pool4, pool5

    /** FCN on a backbone with the paper's 4096-wide fc6/fc7 for VGG. */
    public FCN(Variant variant, Backbone backbone, int numClasses) {
        this(variant, backbone, 3, numClasses, 4096, Generator.defaultGenerator());
    }

    /** The full form; {@code fcWidth} is the width of fc6/fc7 (VGG backbone only). */
    public FCN(Variant variant, Backbone backbone, int inChannels, int numClasses, int fcWidth, RandomGenerator rng) {
        this.variant = variant;
        this.backbone = backbone;
        int c3;
        int c4;
        int c5;
        if (backbone == Backbone.VGG16) {
            Sequential features = VGG.features(VGG.Depth.VGG16, false, inChannels, rng);
            registerModule("backbone", features);
            poolIndex = new int[3];
            int pools = 0;
            for (int i = 0; i < features.size(); i++) {
                if (features.get(i) instanceof MaxPool2d && ++pools >= 3) {
                    poolIndex[pools - 3] = i + 1;
                }
            }
            c3 = 256;
            c4 = 512;
            registerModule("fc6", new Sequential(conv(512, fcWidth, 7, 3, true, rng), new ReLU(), new Dropout2d(0.5f, rng)));
            registerModule("fc7", new Sequential(conv(fcWidth, fcWidth, 1, 0, true, rng), new ReLU(), new Dropout2d(0.5f, rng)));
            c5 = fcWidth;
        } else {
            ResNet.Depth depth = switch (backbone) {
                case RESNET18 -> ResNet.Depth.RESNET18;
                case RESNET34 -> ResNet.Depth.RESNET34;
                default -> ResNet.Depth.RESNET50;
            };
            registerModule("backbone", new ResNet(depth, 0, new ResNet.Options(inChannels, 64, false, new boolean[3], false, rng)));
            poolIndex = null;
            c5 = depth.outChannels();
            c4 = c5 / 2;
            c3 = c5 / 4;
        }
        registerModule("score_fr", conv(c5, numClasses, 1, 0, true, rng));
        if (variant != Variant.FCN32S) {
            registerModule("score_pool4", conv(c4, numClasses, 1, 0, true, rng));
            registerModule("upscore2", bilinearUp(numClasses, 2, rng));
        }
        if (variant == Variant.FCN8S) {
            registerModule("score_pool3", conv(c3, numClasses, 1, 0, true, rng));
            registerModule("upscore_pool4", bilinearUp(numClasses, 2, rng));
        }
        int last = switch (variant) {
            case FCN32S -> 32;
            case FCN16S -> 16;
            case FCN8S -> 8;
        };
        registerModule("upscore", bilinearUp(numClasses, last, rng));
    }

    private static Conv2d conv(int in, int out, int k, int pad, boolean bias, RandomGenerator rng) {
        return new Conv2d(in, out, new int[] {k}, new int[] {1}, new int[] {pad}, new int[] {1}, 1, bias, rng);
    }

    /**
     * A transposed convolution that upsamples by exactly {@code factor} (kernel 2f, stride f,
     * padding f/2) with weights set to bilinear interpolation of each class map onto itself, as the
     * paper initialises its deconvolution layers.
     */
    public static ConvTranspose2d bilinearUp(int channels, int factor, RandomGenerator rng) {
        int k = 2 * factor;
        ConvTranspose2d up = new ConvTranspose2d(channels, channels, new int[] {k}, new int[] {factor}, new int[] {factor / 2},
                new int[] {0}, 1, false, new int[] {1}, rng);
        float[] w = new float[channels * channels * k * k];
        int f = (k + 1) / 2;
        double centre = k % 2 == 1 ? f - 1 : f - 0.5;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    w[((c * channels + c) * k + i) * k + j] = (float) ((1 - Math.abs(i - centre) / f) * (1 - Math.abs(j - centre) / f));
                }
            }
        }
        try (var g = Autograd.noGrad()) {
            up.weight().copy_(Tensor.wrap(w, channels, channels, k, k));
        }
        return up;
    }

    /** Crops or zero-pads the spatial dims of {@code t} to h x w, keeping the top-left corner. */
    static Tensor matchSize(Tensor t, int h, int w) {
        int dh = h - t.size(2);
        int dw = w - t.size(3);
        return dh == 0 && dw == 0 ? t : F.pad(t, 0, dw, 0, dh);
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor pool3;
        Tensor pool4;
        Tensor top;
        if (backbone == Backbone.VGG16) {
            Sequential features = (Sequential) child("backbone");
            Tensor x = input;
            Tensor[] at = new Tensor[3];
            int next = 0;
            for (int i = 0; i < features.size(); i++) {
                x = features.get(i).call(x);
                if (next < 3 && i + 1 == poolIndex[next]) {
                    at[next++] = x;
                }
            }
            pool3 = at[0];
            pool4 = at[1];
            top = child("fc7").call(child("fc6").call(x));
        } else {
            Tensor[] stages = ((ResNet) child("backbone")).stages(input);
            pool3 = stages[1];
            pool4 = stages[2];
            top = stages[3];
        }
        Tensor score = child("score_fr").call(top);
        if (variant != Variant.FCN32S) {
            Tensor s4 = child("score_pool4").call(pool4);
            score = matchSize(child("upscore2").call(score), s4.size(2), s4.size(3)).add(s4);
        }
        if (variant == Variant.FCN8S) {
            Tensor s3 = child("score_pool3").call(pool3);
            score = matchSize(child("upscore_pool4").call(score), s3.size(2), s3.size(3)).add(s3);
        }
        return matchSize(child("upscore").call(score), input.size(2), input.size(3));
    }
}
