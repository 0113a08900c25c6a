package dev.flint.data;

import dev.flint.core.Tensor;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Mini-batches over a dataset, as torch.utils.data.DataLoader. Each call to {@link #iterator()}
 * is one epoch: with {@code shuffle}, epoch e visits the samples in a permutation drawn from
 * {@code (seed, e)}, so a run is reproducible and every epoch differs; every sample appears once
 * per epoch. With {@code dropLast} an incomplete final batch is skipped. With prefetch on, the
 * next batch is assembled on a background thread while the current one is used.
 *
 * <p>Not thread-safe: iterate from one thread.
 */
public final class DataLoader implements Iterable<DataLoader.Batch> {
    /** A batch: inputs (B, ...) and their B labels. */
    public record Batch(Tensor inputs, int[] labels) {
        /** Number of samples in the batch. */
        public int size() {
            return labels.length;
        }
    }

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private boolean prefetch;
    private int epoch;
    private ExecutorService worker;

    /** A loader; see the class comment for the meaning of each option. */
    public DataLoader(Dataset dataset, int batchSize, boolean shuffle, long seed, boolean dropLast) {
        if (dataset == null) {
            throw new IllegalArgumentException("DataLoader: dataset is null");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("DataLoader: batchSize must be positive, got " + batchSize);
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
    }

    /** Assembles the next batch on a background (daemon) thread; returns this. */
    public DataLoader prefetch(boolean on) {
        this.prefetch = on;
        return this;
    }

    /** Batches per epoch. */
    public int numBatches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The sample order of epoch {@code e} (0-based). */
    public int[] order(int e) {
        int n = dataset.size();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (shuffle) {
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + e);
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
        }
        return idx;
    }

    @Override
    public Iterator<Batch> iterator() {
        int[] idx = order(epoch++);
        int batches = numBatches();
        return new Iterator<>() {
            private int next;
            private CompletableFuture<Batch> pending = prefetch && batches > 0 ? submit(idx, 0) : null;

            @Override
            public boolean hasNext() {
                return next < batches;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("DataLoader: all " + batches + " batches of this epoch were taken");
                }
                int b = next++;
                if (pending == null) {
                    return assemble(idx, b);
                }
                Batch current = join(pending);
                pending = next < batches ? submit(idx, next) : null;
                return current;
            }
        };
    }

    private CompletableFuture<Batch> submit(int[] idx, int b) {
        if (worker == null) {
            worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "flint-dataloader");
                t.setDaemon(true);
                return t;
            });
        }
        return CompletableFuture.supplyAsync(() -> assemble(idx, b), worker);
    }

    private static Batch join(CompletableFuture<Batch> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("DataLoader: interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("DataLoader: assembling a batch failed", e.getCause());
        }
    }

    /** Batch {@code b} of the epoch whose order is {@code idx}. */
    private Batch assemble(int[] idx, int b) {
        int from = b * batchSize;
        int to = Math.min(from + batchSize, idx.length);
        int size = to - from;
        int[] labels = new int[size];
        if (dataset instanceof TensorDataset td) {
            Tensor all = td.inputs();
            int[] shape = all.shape();
            int per = shape[0] == 0 ? 0 : all.numel() / shape[0];
            float[] src = all.storage().array();
            int base = all.storageOffset();
            float[] dst = new float[size * per];
            for (int i = 0; i < size; i++) {
                System.arraycopy(src, base + idx[from + i] * per, dst, i * per, per);
                labels[i] = td.label(idx[from + i]);
            }
            shape[0] = size;
            return new Batch(Tensor.wrap(dst, shape), labels);
        }
        Tensor[] rows = new Tensor[size];
        for (int i = 0; i < size; i++) {
            Dataset.Sample s = dataset.get(idx[from + i]);
            rows[i] = s.input();
            labels[i] = s.label();
        }
        int[] one = rows[0].shape();
        int per = rows[0].numel();
        float[] dst = new float[size * per];
        for (int i = 0; i < size; i++) {
            if (!java.util.Arrays.equals(rows[i].shape(), one)) {
                throw new IllegalStateException("DataLoader: sample " + idx[from + i] + " has shape "
                        + java.util.Arrays.toString(rows[i].shape()) + ", others " + java.util.Arrays.toString(one));
            }
            System.arraycopy(rows[i].toArray(), 0, dst, i * per, per);
        }
        int[] shape = new int[one.length + 1];
        shape[0] = size;
        System.arraycopy(one, 0, shape, 1, one.length);
        return new Batch(Tensor.wrap(dst, shape), labels);
    }
}
