package dev.flint.data.transforms;

/** Resampling modes, as torchvision.transforms.InterpolationMode. */
public enum Interpolation {
    /** Nearest neighbour (PyTorch's 'nearest'). */
    NEAREST,
    /** Bilinear, align_corners=False, no antialiasing. */
    BILINEAR
}
