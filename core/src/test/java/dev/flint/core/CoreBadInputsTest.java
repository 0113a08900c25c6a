package dev.flint.core;

import static dev.flint.core.testing.BadInput.ARG;
import static dev.flint.core.testing.BadInput.INDEX;
import static dev.flint.core.testing.BadInput.NULL;
import static dev.flint.core.testing.BadInput.STATE;
import static dev.flint.core.testing.BadInput.bad;

import dev.flint.core.testing.BadInput;

import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of bad inputs to core: each row a call that must fail with this exception type and
 * a message naming the op and the offending shapes or values. Today's clear errors are rows too, so
 * that they stay clear.
 */
class CoreBadInputsTest {
    private static Tensor z(int... shape) {
        return Tensor.zeros(shape);
    }

    private static Tensor col(float... v) {
        return Tensor.of(v, v.length, 1);
    }

    static Stream<BadInput> catalogue() {
        return Stream.of(
                // runtime settings
                bad("setNumThreads: zero", ARG, "Flint.setNumThreads: need at least 1 thread, got 0", () -> Flint.setNumThreads(0)),
                // factories
                bad("of: too few values", ARG, "Tensor.of: 3 values do not fill shape [2, 2]", () -> Tensor.of(new float[3], 2, 2)),
                bad("of: null data", NULL, "Tensor.of: data is null", () -> Tensor.of(null, 2)),
                bad("wrap: too few values", ARG, "Tensor.wrap: 3 values do not fill shape [2, 2]", () -> Tensor.wrap(new float[3], 2, 2)),
                bad("wrap: null data", NULL, "Tensor.wrap: data is null", () -> Tensor.wrap(null, 2)),
                bad("zeros: negative size", ARG, "zeros: negative size in shape [2, -1]", () -> z(2, -1)),
                bad("full: negative size", ARG, "full: negative size in shape [-3]", () -> Tensor.full(1f, -3)),
                bad("rand: negative size", ARG, "rand: negative size in shape [-1]", () -> Tensor.rand(new Random(1), -1)),
                bad("randn: negative size", ARG, "randn: negative size in shape [2, -1]", () -> Tensor.randn(new Random(1), 2, -1)),
                bad("zeros: 2^64 elements", ARG, "zeros: shape [65536, 65536, 65536, 65536] has 18446744073709551616 elements",
                        () -> z(65536, 65536, 65536, 65536)),
                bad("ones: 2^32 elements", ARG, "ones: shape [65536, 65536] has 4294967296 elements", () -> Tensor.ones(65536, 65536)),
                bad("arange: zero step", ARG, "arange: invalid range start=0.0, end=3.0, step=0.0", () -> Tensor.arange(0, 3, 0)),
                bad("arange: step of the wrong sign", ARG, "arange: invalid range start=3.0, end=0.0, step=1.0", () -> Tensor.arange(3, 0, 1)),
                bad("arange: NaN end", ARG, "end=NaN", () -> Tensor.arange(0, Float.NaN, 1)),
                bad("arange: infinite end", ARG, "end=Infinity", () -> Tensor.arange(0, Float.POSITIVE_INFINITY, 1)),
                bad("arange: negative end", ARG, "arange: invalid range start=0.0, end=-1.0", () -> Tensor.arange(-1)),
                bad("arange: 3e9 elements", ARG, "gives 3000000000 elements", () -> Tensor.arange(0, 3e9f, 1)),
                // views
                bad("view: wrong element count", ARG, "view: shape [4, 2] is invalid for input of shape [2, 3]", () -> z(2, 3).view(4, 2)),
                bad("view: non-contiguous input", ARG, "use reshape(...)", () -> z(2, 3).t().view(6)),
                bad("view: 2^64 elements", ARG, "view: shape [65536, 65536, 65536, 65536]", () -> z(1).view(65536, 65536, 65536, 65536)),
                bad("reshape: two -1", ARG, "reshape", () -> z(2, 3).reshape(-1, -1)),
                bad("reshape: size -2", ARG, "reshape: invalid size -2 in [-2, 3]", () -> z(2, 3).reshape(-2, 3)),
                bad("reshape: -1 with a zero size", ARG, "reshape: shape [-1, 0] is invalid for input of shape [0, 3]", () -> z(0, 3).reshape(-1, 0)),
                bad("reshape: wrong element count", ARG, "reshape: shape [4] is invalid for input of shape [2, 3] (6 elements)", () -> z(2, 3).reshape(4)),
                bad("reshape: overflowing shape with a zero", ARG, "reshape:", () -> z(4).reshape(65536, 65536, 65536, 65536, 0, -1)),
                bad("expand: incompatible size", ARG, "expand: the input of shape [2, 3] cannot expand to [4, 3]", () -> z(2, 3).expand(4, 3)),
                bad("expand: -1 in a new dim", ARG, "expand: size -1 is not allowed in a new leading dim", () -> z(3).expand(-1, 3)),
                bad("expand: fewer sizes than dims", ARG, "smaller than the rank of the input of shape [2, 3]", () -> z(2, 3).expand(3)),
                bad("expand: negative size", ARG, "cannot expand to [-2, 3]", () -> z(1, 3).expand(-2, 3)),
                bad("expand: 2^64 elements", ARG, "expand: shape [65536, 65536, 65536, 65536] has 18446744073709551616 elements",
                        () -> Tensor.ones(1, 1, 1, 1).expand(65536, 65536, 65536, 65536)),
                bad("permute: repeated dim", ARG, "permute", () -> z(2, 3).permute(0, 0)),
                bad("permute: too few dims", ARG, "permute: [0] has 1 dims for a tensor of shape [2, 3]", () -> z(2, 3).permute(0)),
                bad("permute: dim out of range", INDEX, "permute: dimension 2 out of range for a tensor of rank 2", () -> z(2, 3).permute(0, 2)),
                bad("transpose: dim out of range", INDEX, "transpose: dimension 2 out of range", () -> z(2, 3).transpose(2, 0)),
                bad("transpose: negative dim out of range", INDEX, "transpose: dimension -3", () -> z(2, 3).transpose(0, -3)),
                bad("narrow: past the end", INDEX, "narrow: start 2 and length 2 exceed dim 1 of size 3 (shape [2, 3])", () -> z(2, 3).narrow(1, 2, 2)),
                bad("narrow: overflowing length", INDEX, "narrow: start 1 and length 2147483647 exceed dim 0", () -> z(2, 3).narrow(0, 1, Integer.MAX_VALUE)),
                bad("narrow: negative length", INDEX, "narrow: start 0 and length -1", () -> z(2, 3).narrow(1, 0, -1)),
                bad("narrow: start before the start", INDEX, "narrow: start -5", () -> z(2, 3).narrow(1, -5, 1)),
                bad("narrow: start past an empty end", INDEX, "narrow: start 4 and length 0", () -> z(3).narrow(0, 4, 0)),
                bad("narrow: dim out of range", INDEX, "narrow: dimension 2 out of range", () -> z(2, 3).narrow(2, 0, 1)),
                bad("slice: zero step", ARG, "slice: step must be positive, got 0", () -> z(2, 3).slice(1, 0, 3, 0)),
                bad("slice: negative step", ARG, "slice: step must be positive, got -1", () -> z(2, 3).slice(1, 0, 3, -1)),
                bad("select: index past the end", INDEX, "select", () -> z(2, 3).select(0, 2)),
                bad("select: negative index out of range", INDEX, "select: index -3 out of range for dim 0 of size 2", () -> z(2, 3).select(0, -3)),
                bad("squeeze: dim out of range", INDEX, "squeeze: dimension 2 out of range", () -> z(2, 3).squeeze(2)),
                bad("unsqueeze: dim out of range", INDEX, "unsqueeze: dimension 4 out of range for a tensor of rank 3", () -> z(2, 3).unsqueeze(4)),
                bad("flatten: start after end", ARG, "flatten: startDim 2 comes after endDim 1 for shape [2, 3, 4]", () -> z(2, 3, 4).flatten(2, 1)),
                bad("flatten: dim out of range", INDEX, "flatten: dimension 3 out of range", () -> z(2, 3, 4).flatten(0, 3)),
                // element access
                bad("get: index past the end", INDEX, "get", () -> z(2, 3).get(0, 3)),
                bad("get: too few indices", ARG, "get: index [0] has 1 entries for a tensor of shape [2, 3]", () -> z(2, 3).get(0)),
                bad("set: index past the end", INDEX, "set: index [2, 0] is out of bounds for shape [2, 3] (dim 0)", () -> z(2, 3).set(1f, 2, 0)),
                bad("item: two elements", STATE, "item", () -> z(2).item()),
                bad("item: no elements", STATE, "item: a tensor of shape [0] has 0 elements", () -> z(0).item()),
                // broadcasting
                bad("add: shapes that do not broadcast", ARG, "add", () -> z(2, 3).add(z(4))),
                bad("mul: shapes that do not broadcast", ARG, "mul", () -> z(2, 3).mul(z(3, 3))),
                bad("pow: shapes that do not broadcast", ARG, "pow: shapes [2, 3] and [4] cannot be broadcast", () -> z(2, 3).pow(z(4))),
                bad("maximum: shapes that do not broadcast", ARG, "maximum: shapes [2, 3] and [4]", () -> z(2, 3).maximum(z(4))),
                bad("eq: shapes that do not broadcast", ARG, "eq: shapes [2, 3] and [4]", () -> z(2, 3).eq(z(4))),
                bad("where: condition of another shape", ARG, "where", () -> Tensor.where(z(2), z(3), z(3))),
                bad("where: mask that does not broadcast", ARG, "where: shapes [4] and [3] cannot be broadcast", () -> Tensor.where(z(4), z(3), z(3))),
                bad("add: null operand", NULL, "Add: input 1 is null", () -> z(2).add((Tensor) null)),
                bad("allClose: different shapes", ARG, "allClose: shapes [3] and [4] differ", () -> z(3).allClose(z(4), 1e-5f, 1e-8f)),
                // joins
                bad("cat: nothing to join", ARG, "cat: expected a non-empty list of tensors", () -> Tensor.cat(0)),
                bad("cat: ranks differ", ARG, "cat: tensor 1 of shape [3] does not match tensor 0 of shape [2, 3]", () -> Tensor.cat(0, z(2, 3), z(3))),
                bad("cat: sizes differ outside dim", ARG, "cat: tensor 1 of shape [2, 4] does not match", () -> Tensor.cat(0, z(2, 3), z(2, 4))),
                bad("cat: dim out of range", INDEX, "cat: dimension 2 out of range", () -> Tensor.cat(2, z(2, 3), z(2, 3))),
                bad("cat: a null tensor", NULL, "Cat: input 1 is null", () -> Tensor.cat(0, z(2, 3), null)),
                bad("stack: shapes differ", ARG, "stack: tensor 1 of shape [3, 2] differs from tensor 0 of shape [2, 3]", () -> Tensor.stack(0, z(2, 3), z(3, 2))),
                bad("stack: nothing to stack", ARG, "stack: expected a non-empty list of tensors", () -> Tensor.stack(0)),
                bad("stack: dim out of range", INDEX, "stack: dimension 3 out of range for a tensor of rank 3", () -> Tensor.stack(3, z(2, 3))),
                bad("stack: a null tensor", NULL, "stack: input 1 is null", () -> Tensor.stack(0, z(2), null)),
                // reductions
                bad("sum: dim out of range", INDEX, "sum: dimension 2 out of range for a tensor of rank 2", () -> z(2, 3).sum(2, false)),
                bad("sum: repeated dim", ARG, "sum: dim 0 appears more than once in [0, 0]", () -> z(2, 3).sum(new int[] {0, 0}, false)),
                bad("sum: a dim named twice by sign", ARG, "sum: dim 1 appears more than once in [1, -1]", () -> z(2, 3).sum(new int[] {1, -1}, false)),
                bad("mean: dim out of range", INDEX, "mean: dimension 5 out of range", () -> z(2, 3).mean(5, false)),
                bad("max: zero-size dim", ARG, "max", () -> z(0, 3).max(0, false)),
                bad("max: empty tensor", ARG, "amax: cannot reduce a zero-size dimension (input shape [0])", () -> z(0).max()),
                bad("min: empty tensor", ARG, "amin: cannot reduce a zero-size dimension (input shape [0, 2])", () -> z(0, 2).min()),
                bad("argmax: empty tensor", ARG, "argmax: cannot reduce a zero-size dimension (input shape [0])", () -> z(0).argmax()),
                bad("argmax: zero-size dim", ARG, "argmax: cannot reduce a zero-size dimension (input shape [0, 2])", () -> z(0, 2).argmax(0, false)),
                bad("amax: dim out of range", INDEX, "amax: dimension 1 out of range for a tensor of rank 1", () -> z(2).amax(new int[] {1}, false)),
                bad("logSumExp: dim out of range", INDEX, "logSumExp: dimension 1 out of range", () -> z(2).logSumExp(1, false)),
                bad("softmax: dim out of range", INDEX, "dimension 2 out of range for a tensor of rank 2", () -> z(2, 3).softmax(2)),
                bad("logSoftmax: dim out of range", INDEX, "logSoftmax: dimension -3 out of range", () -> z(2, 3).logSoftmax(-3)),
                // linear algebra
                bad("matmul: inner dims differ", ARG, "matmul: shapes [2, 3] and [4, 5]", () -> z(2, 3).matmul(z(4, 5))),
                bad("matmul: batched inner dims differ", ARG, "matmul: batch dims of shapes [2, 2, 3] and [3, 3, 4]", () -> z(2, 2, 3).matmul(z(3, 3, 4))),
                bad("matmul: a scalar operand", ARG, "matmul: both arguments need at least one dim, got shapes [] and [3]", () -> Tensor.scalar(1).matmul(z(3))),
                bad("matmul: vectors of different lengths", ARG, "matmul: shapes [3] and [4] cannot be multiplied", () -> z(3).matmul(z(4))),
                bad("matmul: batch dims that do not broadcast", ARG, "matmul: batch dims of shapes [2, 2, 3] and [3, 3, 2] cannot be broadcast",
                        () -> z(2, 2, 3).matmul(z(3, 3, 2))),
                // indexing
                bad("gather: index past the end", INDEX, "gather: index value 3.0", () -> z(2, 3).gather(1, col(0, 3))),
                bad("gather: negative index", INDEX, "gather: index value -1.0 at flat position 0 is not an integer in [0, 3)", () -> z(2, 3).gather(1, col(-1, 0))),
                bad("gather: fractional index", INDEX, "gather: index value 0.5", () -> z(2, 3).gather(1, col(0.5f, 0))),
                bad("gather: NaN index", INDEX, "gather: index value NaN", () -> z(2, 3).gather(1, col(Float.NaN, 0))),
                bad("gather: index of another rank", ARG, "gather: index of shape [2] must have the same rank as the input of shape [2, 3]", () -> z(2, 3).gather(1, z(2))),
                bad("indexSelect: index past the end", INDEX, "indexSelect", () -> z(2, 3).indexSelect(1, 0, 3)),
                bad("indexSelect: negative index", INDEX, "indexSelect: index -1 out of range [0, 3) for dim 1", () -> z(2, 3).indexSelect(1, -1)),
                // values
                bad("clamp: NaN min", ARG, "clamp: min NaN and max 1.0", () -> z(3).clamp(Float.NaN, 1)),
                bad("clamp: NaN max", ARG, "clamp: min 0.0 and max NaN", () -> z(3).clamp(0, Float.NaN)),
                bad("clampMin: NaN", ARG, "clamp: min NaN", () -> z(3).clampMin(Float.NaN)),
                // in place
                bad("add_: operand larger than the written tensor", ARG, "add_: the operand of shape [2, 3] does not broadcast to the written tensor's shape [3]",
                        () -> z(3).add_(z(2, 3))),
                bad("div_: operand larger than the written tensor", ARG, "div_: the operand of shape [2, 3]", () -> z(3).div_(z(2, 3))),
                bad("mul_: shapes that do not broadcast", ARG, "mul_: shapes [3] and [4] cannot be broadcast", () -> z(3).mul_(z(4))),
                bad("copy_: shapes that do not broadcast", ARG, "copy_: shapes [3] and [4] cannot be broadcast", () -> z(3).copy_(z(4))),
                bad("add_: a leaf that requires grad", STATE, "add_: a tensor of shape [3] that requires grad cannot be modified in place",
                        () -> z(3).requiresGrad(true).add_(1f)),
                bad("add_: an expanded tensor", STATE, "add_: more than one element of the written-to tensor (shape [3], strides [0])",
                        () -> z(1).expand(3).add_(1f)),
                // autograd misuse
                bad("backward: non-scalar output without a gradient", STATE, "backward", () -> z(2, 3).requiresGrad(true).mul(2f).backward()),
                bad("backward: gradient of another shape", ARG, "backward", () -> z(2, 3).requiresGrad(true).mul(2f).backward(z(3))),
                bad("backward: output that does not require grad", STATE, "does not require grad", () -> Tensor.scalar(1).backward()),
                bad("backward: through a freed graph", STATE, "SumBackward: trying to backward through the graph a second time", () -> {
                    Tensor y = Tensor.ones(2).requiresGrad(true).mul(Tensor.ones(2)).sum();
                    y.backward();
                    y.backward();
                }),
                bad("grad: gradient of another shape", ARG, "grad: gradient of shape [3] does not match tensor of shape [2]",
                        () -> Tensor.ones(2).requiresGrad(true).grad(z(3))),
                bad("requiresGrad(false) on a non-leaf", STATE, "requiresGrad: cannot turn off grad on a non-leaf tensor (output of MulBackward)",
                        () -> Tensor.ones(2).requiresGrad(true).mul(2f).requiresGrad(false)),
                bad("detectAnomaly: NaN gradient names the op", IllegalStateException.class, "detectAnomaly: SqrtBackward returned", () -> {
                    try (var a = Autograd.detectAnomaly()) {
                        Tensor x = Tensor.zeros(2).requiresGrad(true);
                        x.sqrt().mul(Tensor.zeros(2)).sum().backward();
                    }
                }),
                // pooled buffers
                bad("IntStorage: read after its scope closed", STATE, "used after its MemoryScope closed", () -> {
                    IntStorage ints;
                    try (var scope = MemoryScope.open()) {
                        ints = MemoryScope.ints(4);
                    }
                    ints.array();
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void failsClearly(BadInput row) {
        row.check();
    }
}
