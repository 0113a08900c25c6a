package dev.flint.data;

import dev.flint.data.transforms.Transform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A folder of images, one sub-folder per class, as torchvision.datasets.ImageFolder: files ending
 * in .png, .jpg, .jpeg, .bmp or .gif (any case) are decoded when sampled by
 * {@link ImageDecoder} to (C, H, W) tensors in [0, 1] with the stated channel count (3, RGB, by
 * default, as torchvision's loader converts to RGB), then passed through the transform. There is
 * no ToTensor step: inputs are tensors from the start.
 */
public final class ImageFolder extends DatasetFolder {
    /** The extensions read. */
    public static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private final int channels;

    /** RGB images from {@code root}, transformed by {@code transform} (may be null). */
    public ImageFolder(Path root, Transform transform) throws IOException {
        this(root, transform, 3, false);
    }

    /**
     * Images with {@code channels} (1, 3 or 4) channels. With {@code skipUnreadable}, files whose
     * header cannot be read are left out with one logged warning; otherwise they fail when sampled.
     */
    public ImageFolder(Path root, Transform transform, int channels, boolean skipUnreadable) throws IOException {
        super(root, checked(channels), EXTENSIONS, transform, skipUnreadable ? ImageDecoder::size : null);
        this.channels = channels;
    }

    private static Loader checked(int channels) {
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new IllegalArgumentException("ImageFolder: channels must be 1, 3 or 4, got " + channels);
        }
        return file -> ImageDecoder.decode(file, channels);
    }

    /** The channel count of every input. */
    public int channels() {
        return channels;
    }
}
