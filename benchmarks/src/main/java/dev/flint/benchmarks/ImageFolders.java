package dev.flint.benchmarks;

import dev.flint.data.DataLoader;
import dev.flint.data.Dataset;
import dev.flint.data.FashionMNIST;
import dev.flint.data.ImageFolder;
import dev.flint.data.transforms.Compose;
import dev.flint.data.transforms.Normalize;
import dev.flint.data.transforms.RandomHorizontalFlip;
import dev.flint.data.transforms.RandomResizedCrop;
import dev.flint.data.transforms.Transform;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * The image-folder pipeline measured against torchvision (benchmarks/compare/imagefolder_interleave.sh):
 * {@code make DIR N SIDE [FORMAT]} writes N Fashion-MNIST test images, upscaled to SIDE x SIDE and tinted,
 * into 10 class folders (FORMAT {@code mixed}, the default: half PNG and half JPEG; {@code png};
 * {@code jpg}); {@code run DIR WORKERS PASSES} times the loader
 * (RandomResizedCrop(SIDE * 7 / 8), RandomHorizontalFlip, Normalize; batch 64, shuffled) and prints
 * images per second over PASSES passes after one warm-up pass. torch_imagefolder.py does the same
 * work with torchvision's ImageFolder, PIL and DataLoader(num_workers=WORKERS).
 */
public final class ImageFolders {
    private ImageFolders() {
    }

    /** Entry point: {@code make DIR N SIDE [FORMAT]} or {@code run DIR WORKERS PASSES}. */
    public static void main(String[] args) throws Exception {
        if ((args.length == 4 || args.length == 5) && args[0].equals("make")) {
            make(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), args.length == 5 ? args[4] : "mixed");
        } else if (args.length == 4 && args[0].equals("run")) {
            run(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        } else {
            System.err.println("usage: ImageFolders make DIR N SIDE [mixed|png|jpg] | run DIR WORKERS PASSES");
            System.exit(2);
        }
    }

    static final List<String> CLASSES = List.of("tshirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "boot");

    static void make(Path dir, int n, int side, String formats) throws IOException {
        if (!List.of("mixed", "png", "jpg").contains(formats)) {
            throw new IllegalArgumentException("ImageFolders make: format must be mixed, png or jpg, got " + formats);
        }
        Path data = Path.of("..", "shared", "datasets", "fashion-mnist");
        FashionMNIST test = FashionMNIST.test(Files.isDirectory(data) ? data : null, false);
        float[] px = test.inputs().toArray();
        int[] labels = test.labels();
        for (int i = 0; i < n; i++) {
            int k = i % labels.length;
            BufferedImage small = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
            int tint = i % 4;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int v = Math.round(px[k * 784 + y * 28 + x] * 255);
                    int r = tint == 1 ? v / 2 : v;
                    int g = tint == 2 ? v / 2 : v;
                    int b = tint == 3 ? v / 2 : v;
                    small.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
            BufferedImage big = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            var gr = big.createGraphics();
            gr.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            gr.drawImage(small, 0, 0, side, side, null);
            gr.dispose();
            Path cls = Files.createDirectories(dir.resolve(CLASSES.get(labels[k])));
            String format = formats.equals("mixed") ? (i % 2 == 0 ? "png" : "jpg") : formats;
            ImageIO.write(big, format, cls.resolve(String.format(Locale.ROOT, "%05d.%s", i, format)).toFile());
        }
    }

    static Dataset folder(Path dir, int side) throws IOException {
        Transform t = new Compose(new RandomResizedCrop(side * 7 / 8), new RandomHorizontalFlip(),
                new Normalize(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}));
        return new ImageFolder(dir, t);
    }

    static void run(Path dir, int workers, int passes) throws IOException {
        ImageFolder probe = new ImageFolder(dir, null);
        int side = probe.get(0).input().size(2);
        Dataset d = folder(dir, side);
        try (DataLoader loader = new DataLoader(d, 64, true, 1, false).numWorkers(workers)) {
            pass(loader); // warm-up: JIT, ImageIO's readers, the page cache
            long t0 = System.nanoTime();
            long images = 0;
            for (int p = 0; p < passes; p++) {
                images += pass(loader);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "flint workers %d: %.1f images/s (%d images in %.2f s)%n", workers, images / secs, images, secs);
        }
    }

    private static long pass(DataLoader loader) {
        long n = 0;
        double sink = 0;
        for (DataLoader.Batch b : loader) {
            n += b.size();
            sink += b.inputs().get(0, 0, 0, 0);
        }
        if (Double.isNaN(sink)) {
            System.out.println(sink);
        }
        return n;
    }
}
