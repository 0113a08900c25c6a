package dev.flint.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JoinTest {
    @Test
    void catAndStackPlaceValuesAsTorch() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new float[] {5, 6}, 2, 1);
        // torch.cat([a, b], 1) -> [[1, 2, 5], [3, 4, 6]]
        Tensor c = Tensor.cat(1, a, b);
        assertArrayEquals(new int[] {2, 3}, c.shape());
        assertArrayEquals(new float[] {1, 2, 5, 3, 4, 6}, c.toArray());
        // torch.cat([a, a.t()], 0)
        assertArrayEquals(new float[] {1, 2, 3, 4, 1, 3, 2, 4}, Tensor.cat(0, a, a.t()).toArray());
        // torch.stack([a, a * 10], 2) -> shape [2, 2, 2], [[[1, 10], [2, 20]], [[3, 30], [4, 40]]]
        Tensor s = Tensor.stack(2, a, a.mul(10f));
        assertArrayEquals(new int[] {2, 2, 2}, s.shape());
        assertArrayEquals(new float[] {1, 10, 2, 20, 3, 30, 4, 40}, s.toArray());
        assertArrayEquals(new int[] {3, 2, 2}, Tensor.stack(0, a, a, a).shape());
    }

    @Test
    void catGradientSplitsBackToEachInput() {
        Tensor a = Tensor.ones(2, 2).requiresGrad(true);
        Tensor b = Tensor.ones(2, 3).requiresGrad(true);
        Tensor w = Tensor.arange(0, 10, 1).reshape(2, 5);
        Tensor.cat(1, a, b).mul(w).sum().backward();
        assertArrayEquals(new float[] {0, 1, 5, 6}, a.grad().toArray());
        assertArrayEquals(new float[] {2, 3, 4, 7, 8, 9}, b.grad().toArray());
    }

    @Test
    void mismatchedShapesNameTheOffendingTensor() {
        Tensor a = Tensor.zeros(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.cat(1, a, Tensor.zeros(3, 1)));
        assertTrue(e.getMessage().contains("cat") && e.getMessage().contains("[3, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.stack(0, a, Tensor.zeros(2, 4)));
        assertTrue(e.getMessage().contains("stack") && e.getMessage().contains("[2, 4]"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.cat(2, a, a));
        assertThrows(IllegalArgumentException.class, () -> Tensor.cat(0));
    }
}
