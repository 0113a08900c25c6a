package dev.flint.core.kernel.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** PoolGeometry.of checks rank, window and size itself, with torch's rules. */
class PoolGeometryTest {
    private static final int[] TWO = {2, 2};
    private static final int[] ONE = {1, 1};
    private static final int[] ZERO = {0, 0};

    @Test
    void planesWindowAndErrors() {
        PoolGeometry g = PoolGeometry.of("maxPool2d", new int[] {4, 3, 9, 7}, TWO, TWO, ZERO, ONE, false);
        assertEquals(new PoolGeometry(12, 9, 7, 2, 2, 2, 2, 0, 0, 1, 1, false), g);
        assertEquals(4, g.outH());
        assertEquals(5, PoolGeometry.of("maxPool2d", new int[] {3, 9, 7}, TWO, TWO, ZERO, ONE, true).outH()); // ceil mode
        assertEquals("maxPool2d: expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape [9, 7]",
                assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of("maxPool2d", new int[] {9, 7}, TWO, TWO, ZERO, ONE, false)).getMessage());
        assertEquals("avgPool2d: padding [2, 1] must be at most half the kernel [3, 3]",
                assertThrows(IllegalArgumentException.class, () -> PoolGeometry.checkWindow("avgPool2d", new int[] {3, 3}, new int[] {2, 1})).getMessage());
        assertEquals("maxPool2d: input of shape [1, 1, 1, 1] is too small for kernel [2, 2] with padding [0, 0] (the output would be 0x0)",
                assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of("maxPool2d", new int[] {1, 1, 1, 1}, TWO, TWO, ZERO, ONE, false)).getMessage());
    }
}
