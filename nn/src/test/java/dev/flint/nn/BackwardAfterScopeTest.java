package dev.flint.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.Generator;
import dev.flint.core.MemoryScope;
import dev.flint.core.Tensor;

import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A backward that reaches a buffer its op saved inside a {@link MemoryScope} that has since
 * closed fails naming the op, for every op that keeps pooled buffers, float or int: never a
 * gradient computed from memory that a later scope reused (max pooling's arg-max indices used to
 * be reused silently, giving wrong gradients).
 */
class BackwardAfterScopeTest {
    static Stream<Arguments> ops() {
        Generator g = new Generator(3);
        Tensor w = Tensor.randn(g, 4, 2, 3, 3).requiresGrad(true);
        Tensor target = Tensor.randn(g, 2, 2, 6, 6);
        BatchNorm2d bn = new BatchNorm2d(2);
        return Stream.of(
                Arguments.of("MaxPool2dBackward", (Function<Tensor, Tensor>) x -> F.maxPool2d(x, 2, 2, 0)),
                Arguments.of("Conv2dBackward", (Function<Tensor, Tensor>) x -> F.conv2d(x, w, null, 1, 1)),
                Arguments.of("ConvTranspose2dBackward", (Function<Tensor, Tensor>) x ->
                        F.convTranspose2d(x, w.transpose(0, 1).contiguous().detach().requiresGrad(true), null,
                                new int[] {1}, new int[] {0}, new int[] {0}, 1, new int[] {1})),
                Arguments.of("BatchNormBackward", (Function<Tensor, Tensor>) bn::forward),
                Arguments.of("MulBackward", (Function<Tensor, Tensor>) x -> F.dropout(x, 0.5f, true, new Generator(1))),
                Arguments.of("LogSoftmaxBackward", (Function<Tensor, Tensor>) x -> F.logSoftmax(x.reshape(2, -1), 1)),
                Arguments.of("LogSoftmaxBackward", (Function<Tensor, Tensor>) x -> // cross-entropy: nll of log-softmax
                        F.crossEntropy(x.reshape(2, -1), new int[] {1, 7}, Reduction.SUM)),
                Arguments.of("MulBackward", (Function<Tensor, Tensor>) x -> F.mseLoss(x, target, Reduction.SUM)),
                Arguments.of("BinaryCrossEntropyWithLogitsBackward", (Function<Tensor, Tensor>) x ->
                        F.binaryCrossEntropyWithLogits(x, target.sigmoid(), Reduction.SUM)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void backwardAfterTheScopeClosedNamesTheOp(String op, Function<Tensor, Tensor> f) {
        Tensor x0 = Tensor.randn(new Generator(5), 2, 2, 6, 6).requiresGrad(true);
        Tensor loss;
        try (MemoryScope s = MemoryScope.open()) {
            Tensor x = x0.mul(1f); // a tensor of the scope, so that ops saving their input save a pooled buffer
            loss = f.apply(x).sum();
        }
        // a later step reuses the pooled buffers, with other values
        try (MemoryScope s = MemoryScope.open()) {
            f.apply(x0.mul(-3f)).sum().backward();
        }
        x0.zeroGrad();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().startsWith(op + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("MemoryScope"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void backwardInsideTheScopeStillWorks(String op, Function<Tensor, Tensor> f) {
        Tensor x0 = Tensor.randn(new Generator(5), 2, 2, 6, 6).requiresGrad(true);
        f.apply(x0.mul(1f)).sum().backward();
        float[] expected = x0.grad().toArray();
        x0.zeroGrad();
        try (MemoryScope s = MemoryScope.open()) {
            f.apply(x0.mul(1f)).sum().backward();
        }
        assertArrayEquals(expected, x0.grad().toArray(), 1e-5f, op);
    }
}
