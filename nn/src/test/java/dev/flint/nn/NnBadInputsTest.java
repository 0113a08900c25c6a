package dev.flint.nn;

import static dev.flint.core.testing.BadInput.ARG;
import static dev.flint.core.testing.BadInput.INDEX;
import static dev.flint.core.testing.BadInput.NULL;
import static dev.flint.core.testing.BadInput.STATE;
import static dev.flint.core.testing.BadInput.bad;

import dev.flint.core.Tensor;
import dev.flint.core.testing.BadInput;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of bad inputs to nn's functions and modules (files are in {@code FileBadInputsTest}):
 * each row a call that must fail with this exception type and a message naming the op or layer and
 * the offending shapes or values.
 */
class NnBadInputsTest {
    private static Tensor z(int... shape) {
        return Tensor.zeros(shape);
    }

    private static final int[] ONE = {1, 1};
    private static final int[] NONE = {0, 0};

    static Stream<BadInput> catalogue() {
        return Stream.of(
                // convolution
                bad("conv2d: channels differ", ARG, "conv2d: input of shape [1, 2, 4, 4] has 2 channels, but weight of shape [2, 1, 3, 3] with groups=1 expects 1",
                        () -> F.conv2d(z(1, 2, 4, 4), z(2, 1, 3, 3), null, 1, 0)),
                bad("conv2d: input smaller than the kernel", ARG, "conv2d: input of shape [1, 1, 2, 2] is too small for kernel 3x3",
                        () -> F.conv2d(z(1, 1, 2, 2), z(2, 1, 3, 3), null, 1, 0)),
                bad("conv2d: zero stride", ARG, "conv2d: stride [0] must be >= 1", () -> F.conv2d(z(1, 1, 4, 4), z(2, 1, 3, 3), null, 0, 0)),
                bad("conv2d: negative padding", ARG, "conv2d: padding [-1] must be >= 0", () -> F.conv2d(z(1, 1, 4, 4), z(2, 1, 3, 3), null, 1, -1)),
                bad("conv2d: bias of another length", ARG, "conv2d: bias of shape [3] does not match 2 output channels",
                        () -> F.conv2d(z(1, 1, 4, 4), z(2, 1, 3, 3), z(3), 1, 0)),
                bad("conv2d: groups that do not divide", ARG, "conv2d: groups=2 must be >= 1 and divide the 3 output channels",
                        () -> F.conv2d(z(1, 4, 4, 4), z(3, 2, 3, 3), null, ONE, NONE, ONE, 2)),
                bad("conv2d: zero groups", ARG, "conv2d: groups=0", () -> F.conv2d(z(1, 4, 4, 4), z(3, 2, 3, 3), null, ONE, NONE, ONE, 0)),
                bad("conv2d: zero dilation", ARG, "conv2d: dilation [0, 1] must be >= 1",
                        () -> F.conv2d(z(1, 1, 4, 4), z(2, 1, 3, 3), null, ONE, NONE, new int[] {0, 1}, 1)),
                bad("conv2d: 2-D weight", ARG, "conv2d: expected a 4-D weight (out, in/groups, kH, kW), got shape [2, 9]",
                        () -> F.conv2d(z(1, 1, 4, 4), z(2, 9), null, 1, 0)),
                bad("conv2d: empty kernel", ARG, "has an empty kernel", () -> F.conv2d(z(1, 1, 4, 4), z(2, 1, 0, 0), null, 1, 0)),
                bad("conv2d: stride of three values", ARG, "conv2d: stride", () -> F.conv2d(z(1, 1, 4, 4), z(2, 1, 3, 3), null, new int[] {1, 1, 1}, NONE, ONE, 1)),
                bad("conv1d: 4-D input", ARG, "conv1d: expected input (N, C, L) and weight (out, in/groups, k), got shapes [1, 4, 4, 4] and [2, 4, 3]",
                        () -> F.conv1d(z(1, 4, 4, 4), z(2, 4, 3), null, 1, 0)),
                bad("convTranspose2d: channels differ", ARG, "convTranspose2d: input of shape [1, 2, 4, 4] does not fit weight of shape [3, 1, 3, 3]",
                        () -> F.convTranspose2d(z(1, 2, 4, 4), z(3, 1, 3, 3), null, ONE, NONE, NONE, 1, ONE)),
                // pooling
                bad("maxPool2d: zero kernel", ARG, "maxPool2d: kernel [0] must be >= 1", () -> F.maxPool2d(z(1, 1, 4, 4), 0, 1, 0)),
                bad("maxPool2d: padding over half the kernel", ARG, "maxPool2d: padding [2, 2] must be at most half the kernel [2, 2]",
                        () -> F.maxPool2d(z(1, 1, 4, 4), 2, 2, 2)),
                bad("maxPool2d: input smaller than the window", ARG, "maxPool2d: input of shape [1, 1, 1, 1] is too small for kernel [2, 2]",
                        () -> F.maxPool2d(z(1, 1, 1, 1), 2, 2, 0)),
                bad("maxPool2d: 2-D input", ARG, "maxPool2d: expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape [4, 4]",
                        () -> F.maxPool2d(z(4, 4), 2, 2, 0)),
                bad("avgPool2d: zero stride", ARG, "avgPool2d: stride [0] must be >= 1", () -> F.avgPool2d(z(1, 1, 4, 4), 2, 0, 0)),
                bad("adaptiveAvgPool2d: zero output", ARG, "adaptiveAvgPool2d: output size 0x1 is invalid for input of shape [1, 1, 4, 4]",
                        () -> F.adaptiveAvgPool2d(z(1, 1, 4, 4), 0, 1)),
                // dense, losses
                bad("linear: features differ", ARG, "linear: input of shape [2, 3] does not fit weight of shape [4, 5]", () -> F.linear(z(2, 3), z(4, 5), null)),
                bad("linear: bias of another length", ARG, "linear: bias of shape [5] does not match weight of shape [4, 3]", () -> F.linear(z(2, 3), z(4, 3), z(5))),
                bad("crossEntropy: class index past the end", INDEX, "nllLoss: target 3 at position 1 is out of bounds for 3 classes",
                        () -> F.crossEntropy(z(2, 3), new int[] {0, 3})),
                bad("crossEntropy: negative class index", INDEX, "nllLoss: target -1 at position 1", () -> F.crossEntropy(z(2, 3), new int[] {0, -1})),
                bad("crossEntropy: fewer targets than rows", ARG, "nllLoss: input of shape [2, 3] does not match 1 targets", () -> F.crossEntropy(z(2, 3), new int[] {0})),
                bad("crossEntropy: 1-D logits", ARG, "crossEntropy: expected logits of shape (N, C), got [3]", () -> F.crossEntropy(z(3), new int[] {0})),
                bad("crossEntropy: null targets", NULL, "nllLoss: targets is null", () -> F.crossEntropy(z(2, 3), null)),
                bad("nllLoss: class index past the end", INDEX, "nllLoss: target 5", () -> F.nllLoss(z(2, 3), new int[] {0, 5}, Reduction.MEAN)),
                bad("mseLoss: shapes differ", ARG, "mseLoss: input of shape [2, 3] and target of shape [3, 2] differ", () -> F.mseLoss(z(2, 3), z(3, 2))),
                bad("mseLoss: a target that would broadcast", ARG, "mseLoss: input of shape [2, 3] and target of shape [3] differ", () -> F.mseLoss(z(2, 3), z(3))),
                bad("bceWithLogits: shapes differ", ARG, "binaryCrossEntropyWithLogits: input of shape [2, 3] and target of shape [2] differ",
                        () -> F.binaryCrossEntropyWithLogits(z(2, 3), z(2))),
                // regularisation, normalisation, resizing
                bad("dropout: p above 1", ARG, "dropout: probability must be in [0, 1], got 1.5", () -> F.dropout(z(2, 3), 1.5f, true)),
                bad("dropout: NaN p", ARG, "dropout: probability must be in [0, 1], got NaN", () -> F.dropout(z(2, 3), Float.NaN, true)),
                bad("dropout2d: 2-D input", ARG, "dropout2d: expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape [2, 3]", () -> F.dropout2d(z(2, 3), 0.5f, true)),
                bad("localResponseNorm: zero size", ARG, "localResponseNorm: size must be >= 1, got 0", () -> F.localResponseNorm(z(1, 2, 3, 3), 0, 1e-4f, 0.75f, 1f)),
                bad("batchNorm: running mean of another length", ARG, "batchNorm: expected running_mean of shape [3] for an input with 3 channels, got [4]",
                        () -> F.batchNorm(z(2, 3, 4, 4), z(4), z(4), null, null, false, 0.1f, 1e-5f)),
                bad("interpolate: unknown mode", ARG, "interpolate: mode 'cubic' is not supported", () -> F.interpolate(z(1, 1, 3, 3), new int[] {6, 6}, "cubic", false)),
                bad("interpolate: zero size", ARG, "interpolate: size [0, 6] must be >= 1", () -> F.interpolate(z(1, 1, 3, 3), new int[] {0, 6}, "nearest", false)),
                bad("interpolate: negative scale", ARG, "interpolate: scale_factor needs 1 or 2 positive values, got [-2.0, 2.0]",
                        () -> F.interpolate(z(1, 1, 3, 3), new double[] {-2, 2}, "nearest", false)),
                bad("pad: odd number of values", ARG, "pad: padding [1, 1, 1] must have an even length", () -> F.pad(z(1, 1, 3, 3), 1, 1, 1)),
                bad("pad: unknown mode", ARG, "pad: mode 'wrap' is not supported", () -> F.pad(z(1, 1, 3, 3), new int[] {1, 1, 1, 1}, "wrap", 0f)),
                bad("pad: reflect wider than the input", ARG, "pad: reflect padding 3,3 of dim 3 must be non-negative and smaller than its size 3",
                        () -> F.pad(z(1, 1, 3, 3), new int[] {3, 3, 3, 3}, "reflect", 0f)),
                // layer construction
                bad("Conv2d: no input channels", ARG, "Conv2d: in_channels 0 and out_channels 2 must be positive", () -> new Conv2d(0, 2, 3)),
                bad("Conv2d: zero kernel", ARG, "Conv2d: kernel_size [0, 0] must be >= 1", () -> new Conv2d(1, 2, 0)),
                bad("Conv2d: channels not divisible by groups", ARG, "must be positive and divisible by groups 2",
                        () -> new Conv2d(3, 4, new int[] {3, 3}, ONE, NONE, ONE, 2, true, null)),
                bad("Conv2d: negative padding", ARG, "Conv2d: padding [-1, -1] must be >= 0", () -> new Conv2d(1, 2, 3, 1, -1)),
                bad("ConvTranspose2d: zero stride", ARG, "ConvTranspose2d: stride [0] must be >= 1", () -> new ConvTranspose2d(1, 2, 2, 0)),
                bad("Linear: negative size", ARG, "Linear: sizes must be positive, got in=-1, out=2", () -> new Linear(-1, 2)),
                bad("Dropout: negative p", ARG, "Dropout: probability must be in [0, 1], got -0.1", () -> new Dropout(-0.1f)),
                bad("MaxPool2d: zero kernel", ARG, "MaxPool2d: kernel [0] must be >= 1", () -> new MaxPool2d(0)),
                bad("MaxPool2d: padding over half the kernel", ARG, "MaxPool2d: padding [2, 2] must be at most half the kernel [3, 3]", () -> new MaxPool2d(3, 1, 2)),
                bad("AvgPool2d: negative stride", ARG, "AvgPool2d: stride [-1] must be >= 1", () -> new AvgPool2d(2, -1, 0)),
                bad("BatchNorm2d: no features", ARG, "BatchNorm2d: num_features must be >= 1, got 0", () -> new BatchNorm2d(0)),
                bad("BatchNorm2d: negative eps", ARG, "BatchNorm2d: eps must be finite and >= 0, got -1.0", () -> new BatchNorm2d(3, -1f, 0.1f)),
                bad("BatchNorm2d: momentum above 1", ARG, "BatchNorm2d: momentum must be in [0, 1], got 2.0", () -> new BatchNorm2d(3, 1e-5f, 2f)),
                bad("LocalResponseNorm: zero size", ARG, "LocalResponseNorm: size must be >= 1, got 0", () -> new LocalResponseNorm(0)),
                bad("Sequential: a null module", NULL, "Sequential: module '1' is null", () -> new Sequential(new Linear(2, 2), null)),
                // layer calls
                bad("BatchNorm2d: 2-D input", ARG, "BatchNorm2d(3): expected input (N, 3, H, W), got shape [2, 3]", () -> new BatchNorm2d(3).forward(z(2, 3))),
                bad("BatchNorm2d: channels differ", ARG, "got shape [2, 4, 2, 2]", () -> new BatchNorm2d(3).forward(z(2, 4, 2, 2))),
                bad("BatchNorm2d: one value per channel in training", ARG, "batchNorm: expected more than 1 value per channel when training",
                        () -> new BatchNorm2d(3).forward(z(1, 3, 1, 1))),
                bad("Linear: features differ", ARG, "Linear(in_features=3, out_features=2, bias=True): expected input with last dim 3, got shape [2, 4]",
                        () -> new Linear(3, 2).forward(z(2, 4))),
                bad("Conv2d: channels differ", ARG, "expected input with 3 channels, got shape [1, 4, 5, 5]", () -> new Conv2d(3, 2, 3).forward(z(1, 4, 5, 5))),
                bad("Sequential: no child of that name", ARG, "Sequential: no child named '7' (children: [0])",
                        () -> new Sequential(new Linear(2, 2)).setChild("7", new Linear(2, 2))),
                // state dicts
                bad("loadStateDict: a missing key", ARG, "missing keys: [bias]", () -> new Linear(2, 2).loadStateDict(Map.of("weight", z(2, 2)))),
                bad("loadStateDict: an unexpected key", ARG, "unexpected keys: [x]", () -> {
                    Map<String, Tensor> m = new HashMap<>(new Linear(2, 2).stateDict());
                    m.put("x", z(1));
                    new Linear(2, 2).loadStateDict(m);
                }),
                bad("loadStateDict: a shape mismatch", ARG, "size mismatch for weight: checkpoint has shape [2, 3], the module has [2, 2]",
                        () -> new Linear(2, 2).loadStateDict(Map.of("weight", z(2, 3), "bias", z(2)))),
                bad("loadStateDict: a null value", ARG, "null value for", () -> {
                    Map<String, Tensor> m = new HashMap<>(new Linear(2, 2).stateDict());
                    m.put("bias", null);
                    new Linear(2, 2).loadStateDict(m);
                }),
                bad("loadStateDict: a null map", NULL, "loadStateDict: the state dict is null", () -> new Linear(2, 2).loadStateDict(null)),
                bad("backward after the memory scope closed", STATE, "MaxPool2dBackward", () -> {
                    Tensor x = Tensor.randn(1, 1, 4, 4).requiresGrad(true);
                    Tensor y;
                    try (var scope = dev.flint.core.MemoryScope.open()) {
                        y = F.maxPool2d(x, 2, 2, 0).sum();
                    }
                    y.backward();
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void failsClearly(BadInput row) {
        row.check();
    }
}
