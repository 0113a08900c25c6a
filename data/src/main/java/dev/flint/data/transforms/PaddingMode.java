package dev.flint.data.transforms;

/** How padding is filled, as torchvision's padding_mode. */
public enum PaddingMode {
    /** A constant fill value. */
    CONSTANT,
    /** The last pixel of the edge repeated. */
    EDGE,
    /** Mirrored without repeating the edge pixel: 3 2 | 1 2 3 | 2 1. */
    REFLECT,
    /** Mirrored, repeating the edge pixel: 2 1 | 1 2 3 | 3 2. */
    SYMMETRIC
}
