package dev.flint.core.kernel.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The geometry factories check shapes themselves: torch's rules, messages naming the op and the shapes. */
class ConvGeometryTest {
    private static final int[] ONE = {1, 1};
    private static final int[] ZERO = {0, 0};

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void conv2dChecksChannelsGroupsBiasAndSize() {
        ConvGeometry g = ConvGeometry.conv2d("conv2d", new int[] {2, 6, 14, 14}, new int[] {16, 3, 5, 5}, new int[] {16},
                ONE, ZERO, ONE, 2);
        assertEquals(new ConvGeometry(2, 6, 14, 14, 16, 5, 5, 1, 1, 0, 0, 1, 1, 2), g);
        assertEquals("conv2d: input of shape [2, 5, 14, 14] has 5 channels, but weight of shape [16, 3, 5, 5] with groups=2 expects 6",
                message(() -> ConvGeometry.conv2d("conv2d", new int[] {2, 5, 14, 14}, new int[] {16, 3, 5, 5}, null, ONE, ZERO, ONE, 2)));
        assertTrue(message(() -> ConvGeometry.conv2d("conv2d", new int[] {2, 6, 14, 14}, new int[] {16, 6, 5, 5}, null, ONE, ZERO, ONE, 3))
                .startsWith("conv2d: groups=3 must be >= 1 and divide the 16 output channels"));
        assertEquals("conv2d: bias of shape [15] does not match 16 output channels",
                message(() -> ConvGeometry.conv2d("conv2d", new int[] {2, 6, 14, 14}, new int[] {16, 6, 5, 5}, new int[] {15}, ONE, ZERO, ONE, 1)));
        assertTrue(message(() -> ConvGeometry.conv2d("conv2d", new int[] {2, 6, 4, 4}, new int[] {16, 6, 5, 5}, null, ONE, ZERO, ONE, 1))
                .contains("is too small for kernel 5x5"));
        assertTrue(message(() -> ConvGeometry.conv2d("conv2d", new int[] {2, 6, 4, 4}, new int[] {16, 6, 0, 5}, null, ONE, ZERO, ONE, 1))
                .contains("has an empty kernel"));
    }

    @Test
    void transposedGivesTheConvolutionItTransposes() {
        // 2x2 stride 2: [1, 8, 5, 5] -> [1, 4, 10, 10]; the geometry is the 10x10 -> 5x5 convolution
        ConvGeometry g = ConvGeometry.transposed("convTranspose2d", new int[] {1, 8, 5, 5}, new int[] {8, 4, 2, 2}, null,
                new int[] {2, 2}, ZERO, ZERO, ONE, 1);
        assertEquals(new ConvGeometry(1, 4, 10, 10, 8, 2, 2, 2, 2, 0, 0, 1, 1, 1), g);
        assertEquals(5, g.outH());
        assertTrue(message(() -> ConvGeometry.transposed("convTranspose2d", new int[] {1, 8, 5, 5}, new int[] {8, 4, 2, 2}, null,
                new int[] {2, 2}, ZERO, new int[] {2, 0}, ONE, 1)).contains("output_padding [2, 0] must be smaller"));
        // an output size past int: refused, not wrapped around
        assertTrue(message(() -> ConvGeometry.transposed("convTranspose2d", new int[] {1, 8, 70_000, 5}, new int[] {8, 4, 2, 2}, null,
                new int[] {40_000, 1}, ZERO, ZERO, ONE, 1)).contains("gives an oversized output"));
    }
}
