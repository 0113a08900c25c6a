package dev.flint.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input gets an exception whose message names the op and the offending shapes or values. */
class ErrorMessageTest {
    private static void assertMessage(Class<? extends Throwable> type, Executable call, String... parts) {
        Throwable e = assertThrows(type, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
    }

    @Test
    void incompatibleBroadcast() {
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).add(Tensor.zeros(4)), "add", "[2, 3]", "[4]");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).mul(Tensor.zeros(3, 3)), "mul", "[2, 3]", "[3, 3]");
        assertMessage(IllegalArgumentException.class,
                () -> Tensor.where(Tensor.zeros(2), Tensor.zeros(3), Tensor.zeros(3)), "where", "[2]", "[3]");
    }

    @Test
    void matmulInnerDimMismatch() {
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)),
                "matmul", "[2, 3]", "[4, 5]");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 4)),
                "matmul", "[2, 2, 3]", "[3, 3, 4]");
        assertMessage(IllegalArgumentException.class, () -> Tensor.scalar(1).matmul(Tensor.zeros(3)), "matmul", "[]", "[3]");
    }

    @Test
    void impossibleViews() {
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).view(4, 2), "view", "[4, 2]", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).t().view(6), "view", "[6]", "[3, 2]", "reshape");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(-1, -1), "reshape", "-1");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).expand(4, 3), "expand", "[2, 3]", "[4, 3]");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).permute(0, 0), "permute", "[0, 0]");
        assertMessage(IllegalArgumentException.class, () -> Tensor.of(new float[] {1, 2, 3}, 2, 2), "Tensor.of", "[2, 2]");
    }

    @Test
    void backwardOnANonScalarWithoutGradient() {
        Tensor y = Tensor.zeros(2, 3).requiresGrad(true).mul(2f);
        assertMessage(IllegalStateException.class, y::backward, "backward", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> y.backward(Tensor.zeros(3)), "backward", "[3]", "[2, 3]");
        assertMessage(IllegalStateException.class, () -> Tensor.scalar(1).backward(), "backward", "does not require grad");
    }

    @Test
    void outOfRangeDims() {
        assertMessage(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).sum(2, false), "sum", "dimension 2", "rank 2");
        assertMessage(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).transpose(0, -3), "transpose", "-3");
        assertMessage(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).narrow(1, 2, 2), "narrow", "[2, 3]");
        assertMessage(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).get(0, 3), "get", "[2, 3]");
        assertMessage(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).select(0, 2), "select", "[2, 3]");
        assertMessage(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).indexSelect(1, 0, 3), "indexSelect", "[2, 3]");
        assertMessage(IndexOutOfBoundsException.class,
                () -> Tensor.zeros(2, 3).gather(1, Tensor.of(new float[] {0, 3}, 2, 1)), "gather", "3.0", "[2, 3]");
    }

    @Test
    void reductionsOfNothing() {
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(0, 3).max(0, false), "max", "[0, 3]");
        assertMessage(IllegalStateException.class, () -> Tensor.zeros(2).item(), "item", "[2]");
    }
}
