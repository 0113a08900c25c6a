package dev.flint.benchmarks;

import dev.flint.core.Generator;
import dev.flint.core.MemoryScope;
import dev.flint.core.Tensor;
import dev.flint.core.Flint;
import dev.flint.data.DataLoader;
import dev.flint.data.Dataset;
import dev.flint.data.ImageFolder;
import dev.flint.data.TensorDataset;
import dev.flint.data.transforms.Compose;
import dev.flint.data.transforms.Normalize;
import dev.flint.data.transforms.RandomCrop;
import dev.flint.data.transforms.RandomHorizontalFlip;
import dev.flint.nn.F;
import dev.flint.nn.models.ResNet;
import dev.flint.optim.SGD;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

/**
 * A training step of the small-stem ResNet-18 (width 16) fed from an image folder (decoding, random
 * crop with padding, flip and normalisation on loader workers) against the same step fed from the
 * decoded images already in memory, alternating blocks of steps in one JVM.
 * {@code FolderTrainStep DIR WORKERS STEPS ROUNDS}; make DIR with {@code ImageFolders make DIR N 32}.
 */
public final class FolderTrainStep {
    private FolderTrainStep() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int workers = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        Normalize norm = new Normalize(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f});
        ImageFolder plain = new ImageFolder(dir, norm);
        int side = plain.get(0).input().size(2);
        Dataset folder = new ImageFolder(dir, new Compose(RandomCrop.withPadding(side, side / 8), new RandomHorizontalFlip(), norm));
        int n = plain.size();
        float[] all = new float[n * 3 * side * side];
        for (int i = 0; i < n; i++) {
            System.arraycopy(plain.get(i).input().toArray(), 0, all, i * 3 * side * side, 3 * side * side);
        }
        TensorDataset memory = new TensorDataset(Tensor.wrap(all, n, 3, side, side), plain.targets());
        ResNet model = new ResNet(ResNet.Depth.RESNET18, 10, ResNet.Options.smallInput(3).withBaseWidth(16).withRng(new Generator(1)));
        SGD opt = new SGD(model.parameters(), 0.01, 0.9, 0, 5e-4, false);
        model.train();
        try (DataLoader fromFolder = new DataLoader(folder, 64, true, 1, true).numWorkers(workers);
             DataLoader fromMemory = new DataLoader(memory, 64, true, 1, true)) {
            @SuppressWarnings({"unchecked", "rawtypes"}) // no generic array creation in Java
            Iterator<DataLoader.Batch>[] its = new Iterator[] {fromFolder.iterator(), fromMemory.iterator()};
            DataLoader[] loaders = {fromFolder, fromMemory};
            time(model, opt, loaders, its, 0, 5);
            time(model, opt, loaders, its, 1, 5);
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                double f = time(model, opt, loaders, its, 0, steps);
                double m = time(model, opt, loaders, its, 1, steps);
                ratios[r] = f / m;
                System.out.printf(Locale.ROOT, "round %d: folder %.1f ms/step, memory %.1f ms/step, ratio %.3f%n", r + 1, f, m, ratios[r]);
            }
            java.util.Arrays.sort(ratios);
            double med = rounds % 2 == 1 ? ratios[rounds / 2] : (ratios[rounds / 2 - 1] + ratios[rounds / 2]) / 2;
            System.out.printf(Locale.ROOT, "median folder/memory step time: %.3f (%d workers, %d compute threads, %dx%d images)%n", med,
                    workers, Flint.numThreads(), side, side);
        }
    }

    /** Mean milliseconds per step over {@code steps} steps drawn from loader {@code k}. */
    private static double time(ResNet model, SGD opt, DataLoader[] loaders, Iterator<DataLoader.Batch>[] its, int k, int steps) {
        long t0 = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            if (!its[k].hasNext()) {
                its[k] = loaders[k].iterator();
            }
            DataLoader.Batch b = its[k].next();
            try (MemoryScope scope = MemoryScope.open()) {
                opt.zeroGrad();
                Tensor loss = F.crossEntropy(model.forward(b.inputs()), b.labels());
                loss.backward();
                opt.step();
            }
        }
        return (System.nanoTime() - t0) / 1e6 / steps;
    }
}
