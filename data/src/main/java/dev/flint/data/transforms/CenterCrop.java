package dev.flint.data.transforms;

import dev.flint.core.Tensor;

import java.util.random.RandomGenerator;

/**
 * The central (h, w) region, as torchvision.transforms.CenterCrop: a crop larger than the image
 * pads it with zeros first.
 */
public final class CenterCrop implements Transform {
    private final int[] size;

    /** One value (square) or (h, w). */
    public CenterCrop(int... size) {
        this.size = ImageOps.size("CenterCrop", size);
    }

    @Override
    public Tensor apply(Tensor image, RandomGenerator rng) {
        int[] s = ImageOps.chw("CenterCrop", image);
        int ih = s[1];
        int iw = s[2];
        int th = size[0];
        int tw = size[1];
        if (th > ih || tw > iw) {
            int left = tw > iw ? (tw - iw) / 2 : 0;
            int top = th > ih ? (th - ih) / 2 : 0;
            int right = tw > iw ? (tw - iw + 1) / 2 : 0;
            int bottom = th > ih ? (th - ih + 1) / 2 : 0;
            image = ImageOps.pad("CenterCrop", image, left, top, right, bottom, PaddingMode.CONSTANT, 0f);
            ih = image.size(1);
            iw = image.size(2);
            if (ih == th && iw == tw) {
                return image;
            }
        }
        int top = ImageOps.pyRound((ih - th) / 2.0);
        int left = ImageOps.pyRound((iw - tw) / 2.0);
        return ImageOps.crop(image, top, left, th, tw);
    }

    @Override
    public Tensor applyToMask(Tensor mask, RandomGenerator rng) {
        return apply(mask, rng);
    }

    @Override
    public String toString() {
        return "CenterCrop(" + size[0] + ", " + size[1] + ")";
    }
}
