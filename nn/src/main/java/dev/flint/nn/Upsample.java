package dev.flint.nn;

import dev.flint.core.Tensor;

/** Upsampling layer, as torch.nn.Upsample: a fixed output size or scale factor, mode nearest or bilinear. */
public class Upsample extends Module {
    private final int[] size;
    private final double scaleFactor;
    private final String mode;
    private final boolean alignCorners;

    private Upsample(int[] size, double scaleFactor, String mode, boolean alignCorners) {
        this.size = size;
        this.scaleFactor = scaleFactor;
        this.mode = mode;
        this.alignCorners = alignCorners;
        if (!mode.equals("nearest") && !mode.equals("bilinear")) {
            throw new IllegalArgumentException("Upsample: mode '" + mode + "' is not supported (nearest, bilinear)");
        }
        if (alignCorners && !mode.equals("bilinear")) {
            throw new IllegalArgumentException("Upsample: align_corners applies only to bilinear, not " + mode);
        }
    }

    /** Upsample(scale_factor=s, mode=mode, align_corners=...). */
    public static Upsample scale(double scaleFactor, String mode, boolean alignCorners) {
        if (!(scaleFactor > 0)) {
            throw new IllegalArgumentException("Upsample: scale_factor must be positive, got " + scaleFactor);
        }
        return new Upsample(null, scaleFactor, mode, alignCorners);
    }

    /** Upsample(size=(h, w), mode=mode, align_corners=...). */
    public static Upsample size(int h, int w, String mode, boolean alignCorners) {
        return new Upsample(new int[] {h, w}, -1, mode, alignCorners);
    }

    @Override
    public Tensor forward(Tensor input) {
        return size != null ? F.interpolate(input, size, mode, alignCorners)
                : F.interpolate(input, new double[] {scaleFactor}, mode, alignCorners);
    }

    @Override
    protected String extraRepr() {
        String what = size != null ? "size=" + Conv2d.tuple(size) : "scale_factor=" + scaleFactor;
        // As torch.nn.Upsample prints itself: the mode unquoted, align_corners not shown.
        return what + ", mode=" + mode;
    }
}
