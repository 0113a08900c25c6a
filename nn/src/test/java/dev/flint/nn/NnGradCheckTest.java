package dev.flint.nn;


import dev.flint.core.Generator;
import dev.flint.core.GradCheck;
import dev.flint.core.Tensor;
import dev.flint.core.testing.OpTable;
import dev.flint.core.testing.OpTable.Case;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every nn op gradchecked in several configurations (finite differences vs autograd). */
class NnGradCheckTest {
    private static Tensor n(String seed, int... shape) {
        return Tensor.randn(new Generator(seed.hashCode()), shape).requiresGrad(true);
    }

    /** Well-separated distinct values (gaps of 0.05, far above the check's step): no ties in max pooling. */
    private static Tensor distinct(String seed, int... shape) {
        int count = 1;
        for (int s : shape) {
            count *= s;
        }
        List<Float> v = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            v.add(i * 0.05f - count * 0.025f);
        }
        Collections.shuffle(v, new java.util.Random(seed.hashCode()));
        float[] a = new float[count];
        for (int i = 0; i < count; i++) {
            a[i] = v.get(i);
        }
        return Tensor.of(a, shape).requiresGrad(true);
    }

    private static Case c(String name, GradCheck.Fn fn, Supplier<Tensor[]> inputs) {
        return new Case(name, fn, inputs);
    }

    private static int[] i(int... v) {
        return v;
    }

    static Stream<Case> cases() {
        return Stream.of(
                c("conv2d stride 2 padding 1 bias", in -> F.conv2d(in[0], in[1], in[2], i(2), i(1), i(1), 1),
                        () -> new Tensor[] {n("c1", 2, 2, 5, 5), n("c2", 3, 2, 3, 3), n("c3", 3)}),
                c("conv2d dilation 2 no bias", in -> F.conv2d(in[0], in[1], null, i(1), i(0), i(2), 1),
                        () -> new Tensor[] {n("c4", 1, 2, 6, 6), n("c5", 2, 2, 3, 3)}),
                c("conv2d groups 2", in -> F.conv2d(in[0], in[1], in[2], i(1), i(1), i(1), 2),
                        () -> new Tensor[] {n("c6", 2, 4, 4, 4), n("c7", 4, 2, 3, 3), n("c8", 4)}),
                c("conv2d non-square kernel and stride", in -> F.conv2d(in[0], in[1], in[2], i(2, 1), i(1, 0), i(1), 1),
                        () -> new Tensor[] {n("c9", 1, 3, 5, 6), n("ca", 2, 3, 2, 3), n("cb", 2)}),
                c("conv2d 1x1", in -> F.conv2d(in[0], in[1], null, 1, 0),
                        () -> new Tensor[] {n("cc", 2, 3, 3, 3), n("cd", 4, 3, 1, 1)}),
                c("conv2d of a strided input view", in -> F.conv2d(in[0].transpose(2, 3), in[1], null, 1, 1),
                        () -> new Tensor[] {n("ce", 1, 2, 4, 5), n("cf", 2, 2, 3, 3)}),
                c("conv1d stride 2 padding 1", in -> F.conv1d(in[0], in[1], in[2], 2, 1),
                        () -> new Tensor[] {n("d1", 2, 3, 9), n("d2", 4, 3, 3), n("d3", 4)}),
                c("conv1d dilation 2 groups 3", in -> F.conv1d(in[0], in[1], null, 1, 2, 2, 3),
                        () -> new Tensor[] {n("d4", 1, 3, 8), n("d5", 6, 1, 3)}),
                c("maxPool2d overlapping 3x3 stride 2", in -> F.maxPool2d(in[0], 3, 2, 0),
                        () -> new Tensor[] {distinct("p1", 2, 2, 7, 7)}),
                c("maxPool2d 2x2 padding 1", in -> F.maxPool2d(in[0], 2, 2, 1),
                        () -> new Tensor[] {distinct("p2", 1, 2, 5, 5)}),
                c("maxPool2d ceil mode dilation", in -> F.maxPool2d(in[0], i(2), i(2), i(0), i(2), true),
                        () -> new Tensor[] {distinct("p3", 1, 1, 7, 7)}),
                c("avgPool2d padding 1 counts padding", in -> F.avgPool2d(in[0], 3, 2, 1),
                        () -> new Tensor[] {n("p4", 2, 2, 5, 5)}),
                c("avgPool2d padding excluded", in -> F.avgPool2d(in[0], i(3), i(2), i(1), false, false),
                        () -> new Tensor[] {n("p5", 1, 2, 6, 5)}),
                c("adaptiveAvgPool2d 5x7 to 2x3", in -> F.adaptiveAvgPool2d(in[0], 2, 3),
                        () -> new Tensor[] {n("p6", 2, 1, 5, 7)}),
                c("linear", in -> F.linear(in[0], in[1], in[2]), () -> new Tensor[] {n("l1", 3, 4), n("l2", 5, 4), n("l3", 5)}),
                c("softmax", in -> F.softmax(in[0], 1), () -> new Tensor[] {n("s1", 3, 5)}),
                c("logSoftmax dim 0", in -> F.logSoftmax(in[0], 0), () -> new Tensor[] {n("s2", 4, 3)}),
                c("crossEntropy mean", in -> F.crossEntropy(in[0], new int[] {2, 0, 4}), () -> new Tensor[] {n("x1", 3, 5)}),
                c("crossEntropy sum", in -> F.crossEntropy(in[0], new int[] {1, 1}, Reduction.SUM), () -> new Tensor[] {n("x2", 2, 3)}),
                c("crossEntropy none", in -> F.crossEntropy(in[0], new int[] {0, 3}, Reduction.NONE), () -> new Tensor[] {n("x3", 2, 4)}),
                c("crossEntropy label smoothing", in -> F.crossEntropy(in[0], new int[] {2, 0, 4}, Reduction.MEAN, 0.2f),
                        () -> new Tensor[] {n("x3s", 3, 5)}),
                c("binaryCrossEntropyWithLogits", in -> F.binaryCrossEntropyWithLogits(in[0], in[1]),
                        () -> new Tensor[] {n("b1", 3, 4), Tensor.rand(new Generator(5), 3, 4).requiresGrad(true)}),
                c("binaryCrossEntropyWithLogits, no reduction", in -> F.binaryCrossEntropyWithLogits(in[0], in[1], Reduction.NONE),
                        () -> new Tensor[] {n("b2", 2, 3), Tensor.rand(new Generator(6), 2, 3).requiresGrad(true)}),
                c("mseLoss", in -> F.mseLoss(in[0], in[1]), () -> new Tensor[] {n("m1", 3, 4), n("m2", 3, 4)}),
                c("batchNorm train", in -> F.batchNorm(in[0], null, null, in[1], in[2], true, 0.1f, 1e-5f),
                        () -> new Tensor[] {n("n1", 3, 2, 3, 3), n("n2", 2), n("n3", 2)}),
                c("batchNorm eval", in -> F.batchNorm(in[0], Tensor.of(new float[] {0.2f, -0.1f}), Tensor.of(new float[] {1.5f, 0.7f}),
                        in[1], in[2], false, 0.1f, 1e-5f), () -> new Tensor[] {n("n4", 2, 2, 2, 2), n("n5", 2), n("n6", 2)}),
                c("batchNorm train without affine", in -> F.batchNorm(in[0], null, null, null, null, true, 0.1f, 1e-5f),
                        () -> new Tensor[] {n("n7", 2, 3, 2, 3)}),
                c("batchNorm train (N, C)", in -> F.batchNorm(in[0], null, null, in[1], in[2], true, 0.1f, 1e-5f),
                        () -> new Tensor[] {n("n8", 5, 3), n("n9", 3), n("n10", 3)}),
                c("dropout (fixed mask)", in -> F.dropout(in[0], 0.3f, true, new Generator(9)), () -> new Tensor[] {n("o1", 4, 5)}),
                c("dropout2d (fixed mask)", in -> F.dropout2d(in[0], 0.5f, true, new Generator(4)), () -> new Tensor[] {n("o2", 2, 3, 2, 2)}),
                c("convTranspose2d stride 2 padding 1 output_padding 1 groups 2 bias",
                        in -> F.convTranspose2d(in[0], in[1], in[2], i(2), i(1), i(1), 2, i(1)),
                        () -> new Tensor[] {n("t1", 2, 4, 3, 3), n("t2", 4, 1, 3, 3), n("t3", 2)}),
                c("convTranspose2d dilation 2 non-square", in -> F.convTranspose2d(in[0], in[1], null, i(1, 2), i(0, 1), i(0, 1), 1, i(2)),
                        () -> new Tensor[] {n("t4", 1, 2, 3, 4), n("t5", 2, 3, 2, 3)}),
                c("convTranspose2d 2x2 stride 2 (U-Net up)", in -> F.convTranspose2d(in[0], in[1], in[2], i(2), i(0), i(0), 1, i(1)),
                        () -> new Tensor[] {n("t6", 2, 3, 2, 2), n("t7", 3, 2, 2, 2), n("t8", 2)}),
                c("interpolate nearest size", in -> F.interpolate(in[0], i(5, 7), "nearest", false),
                        () -> new Tensor[] {n("r1", 2, 2, 3, 4)}),
                c("interpolate nearest scale 2", in -> F.interpolate(in[0], new double[] {2}, "nearest", false),
                        () -> new Tensor[] {n("r2", 1, 2, 3, 3)}),
                c("interpolate bilinear align_corners=False", in -> F.interpolate(in[0], i(5, 6), "bilinear", false),
                        () -> new Tensor[] {n("r3", 2, 1, 3, 4)}),
                c("interpolate bilinear align_corners=True", in -> F.interpolate(in[0], i(7, 5), "bilinear", true),
                        () -> new Tensor[] {n("r4", 1, 2, 4, 3)}),
                c("interpolate bilinear downsampling scale 0.6", in -> F.interpolate(in[0], new double[] {0.6}, "bilinear", false),
                        () -> new Tensor[] {n("r5", 1, 1, 6, 5)}),
                c("pad constant with crop", in -> F.pad(in[0], new int[] {1, -1, 2, 0}, "constant", 0.5f),
                        () -> new Tensor[] {n("q1", 2, 2, 3, 4)}),
                c("pad reflect", in -> F.pad(in[0], new int[] {2, 1, 1, 2}, "reflect", 0f), () -> new Tensor[] {n("q2", 1, 2, 3, 4)}),
                c("pad replicate 1-D", in -> F.pad(in[0], new int[] {3, 1}, "replicate", 0f), () -> new Tensor[] {n("q3", 2, 3)}),
                c("localResponseNorm size 3", in -> F.localResponseNorm(in[0], 3, 0.5f, 0.75f, 2f), () -> new Tensor[] {n("z1", 2, 5, 2, 2)}),
                // Smooth activations here: relu/max kinks within the step of a composite are not the ops' fault,
                // and each kinked op has its own checks above with inputs kept away from kinks.
                c("LeNet-style stack (tanh, avg pool)", in -> F.linear(F.avgPool2d(F.conv2d(in[0], in[1], in[2], 1, 2).tanh(), 2, 2, 0)
                        .flatten(1, -1), in[3], null), () -> new Tensor[] {
                            Tensor.rand(new Generator(3), 2, 1, 6, 6).requiresGrad(true), n("k1", 2, 1, 3, 3), n("k2", 2),
                            n("k3", 3, 2 * 4 * 4)}));
    }

    /** The nn ops with a backward of their own: each must be the last op of some case, and documented. */
    private static final List<Class<?>> FAMILIES = List.of(ConvOps.class, PoolOps.class, NormOps.class, LossOps.class,
            PadOps.class, ResizeOps.class);
    private static final Set<String> COVERED = Collections.synchronizedSet(new TreeSet<>());

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradcheck(Case c) {
        String top = OpTable.gradcheck(c).gradFnName();
        if (top != null) {
            COVERED.add(top);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void nonContiguousInputs(Case c) {
        OpTable.nonContiguous(c);
    }

    @Test
    void everyOpIsDocumented() {
        OpTable.assertDocumented(FAMILIES);
    }

    /** Every nn op class is the last op of at least one case. */
    @AfterAll
    static void everyOpHasAnEntry() {
        OpTable.assertCovered(FAMILIES, COVERED);
    }
}
