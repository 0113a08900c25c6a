package dev.flint.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Views share storage; strides follow PyTorch; copies happen only when the layout forces them. */
class ViewTest {
    private static Tensor grid() {
        return Tensor.arange(24).reshape(2, 3, 4);
    }

    @Test
    void viewsShareStorageBothWays() {
        Tensor x = grid();
        Tensor v = x.view(6, 4);
        Tensor t = x.transpose(0, 2);
        Tensor n = x.narrow(2, 1, 2);
        assertSame(x.storage(), v.storage());
        assertSame(x.storage(), t.storage());
        assertSame(x.storage(), n.storage());
        v.set(-1f, 1, 1); // element (0, 1, 1) of x
        assertEquals(-1f, x.get(0, 1, 1));
        assertEquals(-1f, t.get(1, 1, 0));
        x.set(-5f, 1, 2, 3);
        assertEquals(-5f, v.get(5, 3));
        Tensor tail = x.narrow(2, 2, 2);
        assertEquals(-5f, tail.get(1, 2, 1)); // x[1, 2, 3] is tail[1, 2, 3 - 2]
        assertSame(x.storage(), tail.storage());
    }

    @Test
    void stridesAfterViewOps() {
        Tensor x = grid();
        assertArrayEquals(new int[] {12, 4, 1}, x.stride());
        assertArrayEquals(new int[] {1, 4, 12}, x.transpose(0, 2).stride());
        assertArrayEquals(new int[] {4, 3, 2}, x.permute(2, 1, 0).shape());
        assertArrayEquals(new int[] {1, 4, 12}, x.permute(2, 1, 0).stride());
        Tensor n = x.narrow(1, 1, 2);
        assertArrayEquals(new int[] {2, 2, 4}, n.shape());
        assertArrayEquals(new int[] {12, 4, 1}, n.stride());
        assertEquals(4, n.storageOffset());
        Tensor s = x.slice(2, 1, 4, 2);
        assertArrayEquals(new int[] {2, 3, 2}, s.shape());
        assertArrayEquals(new int[] {12, 4, 2}, s.stride());
        assertEquals(1, s.storageOffset());
        Tensor e = Tensor.arange(3).reshape(3, 1).expand(3, 4);
        assertArrayEquals(new int[] {1, 0}, e.stride());
        Tensor e2 = Tensor.arange(4).expand(2, 3, 4);
        assertArrayEquals(new int[] {0, 0, 1}, e2.stride());
        assertArrayEquals(new int[] {12, 4, 4, 1}, x.unsqueeze(2).stride()); // as PyTorch
        assertArrayEquals(new int[] {2, 12}, x.flatten(1, 2).shape());
        assertArrayEquals(new int[] {3, 4}, x.select(0, 1).shape());
        assertEquals(12, x.select(0, 1).storageOffset());
    }

    @Test
    void narrowAndSliceReadTheRightElements() {
        Tensor x = grid();
        assertArrayEquals(new float[] {5, 6, 9, 10, 17, 18, 21, 22}, x.narrow(1, 1, 2).narrow(2, 1, 2).toArray());
        assertArrayEquals(new float[] {1, 3, 5, 7, 9, 11}, Tensor.arange(12).slice(0, 1, 100, 2).toArray());
        assertArrayEquals(new float[] {8, 9}, Tensor.arange(10).slice(0, -2, 10, 1).toArray());
        assertArrayEquals(new float[] {0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23},
                x.view(6, 4).t().toArray());
    }

    @Test
    void contiguousCopiesOnlyWhenNeeded() {
        Tensor x = grid();
        assertSame(x, x.contiguous());
        Tensor t = x.transpose(1, 2);
        assertFalse(t.isContiguous());
        Tensor c = t.contiguous();
        assertNotSame(t.storage(), c.storage());
        assertTrue(c.isContiguous());
        assertArrayEquals(t.toArray(), c.toArray());
        // A size-1 dim's stride does not matter.
        assertTrue(Tensor.arange(4).reshape(4, 1).t().isContiguous());
    }

    @Test
    void reshapeViewsWhenItCanAndCopiesWhenItMust() {
        Tensor x = grid();
        assertSame(x.storage(), x.reshape(4, -1).storage());
        assertSame(x.storage(), x.narrow(0, 1, 1).reshape(12).storage()); // one contiguous block
        Tensor t = x.transpose(1, 2); // [2,4,3] strides [12,1,4]
        assertNotSame(x.storage(), t.reshape(8, 3).storage()); // dims 0 and 1 (strides 12 and 1) cannot merge
        Tensor merged = t.reshape(2, 12); // dims 1,2 are not contiguous with each other: copy
        assertNotSame(x.storage(), merged.storage());
        assertArrayEquals(t.toArray(), merged.toArray());
        Tensor split = t.reshape(2, 2, 2, 3); // splitting a dim is always a view
        assertSame(x.storage(), split.storage());
        assertArrayEquals(t.toArray(), split.toArray());
    }

    @Test
    void expandedViewReadsRepeats() {
        Tensor e = Tensor.of(new float[] {1, 2, 3}, 3, 1).expand(3, 2);
        assertArrayEquals(new float[] {1, 1, 2, 2, 3, 3}, e.toArray());
        assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, Tensor.of(new float[] {1, 2, 3}).expand(2, -1).toArray());
    }
}
