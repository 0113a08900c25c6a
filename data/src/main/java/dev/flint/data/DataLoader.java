package dev.flint.data;

import dev.flint.core.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mini-batches over a dataset, as torch.utils.data.DataLoader. Each call to {@link #iterator()}
 * is one epoch: with {@code shuffle}, epoch e visits the samples in a permutation drawn from
 * {@code (seed, e)}, so a run is reproducible and every epoch differs; every sample appears once
 * per epoch. With {@code dropLast} an incomplete final batch is skipped. Sample i of epoch e gets
 * its random transforms from {@link SampleSeed#of}(seed, e, i).
 *
 * <p>With {@link #numWorkers} {@code n > 0}, n background threads load, decode and transform
 * whole batches in parallel, at most {@code n * prefetchFactor} batches ahead; batches arrive in
 * order and hold the same values whatever n is. A worker's exception is re-thrown in the
 * iterating thread naming the sample. Workers stop when the loader is closed and, when a loop
 * simply stops early, once they have been idle for a second.
 *
 * <p>Not thread-safe: iterate from one thread.
 */
public final class DataLoader implements Iterable<DataLoader.Batch>, AutoCloseable {
    /** How long an idle worker waits for work before its thread ends. */
    private static final long IDLE_MILLIS = 1000;
    private static final AtomicInteger POOLS = new AtomicInteger();

    /** A batch: inputs (B, ...), their targets, and the dataset index of each sample. */
    public record Batch(Tensor inputs, Targets targets, int[] indices) {
        /** Number of samples in the batch. */
        public int size() {
            return targets.size();
        }

        /** The class labels; throws when the targets are of another kind. */
        public int[] labels() {
            if (targets instanceof Targets.Classes c) {
                return c.indices();
            }
            throw new IllegalStateException("DataLoader.Batch.labels: the targets are " + targets + ", not class indices; use targets()");
        }
    }

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private int numWorkers;
    private int prefetchFactor = 2;
    private int epoch;
    private ThreadPoolExecutor pool;
    private BatchIterator current;

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

    /** Loads batches on {@code n} background threads (0: in the iterating thread); returns this. */
    public DataLoader numWorkers(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("DataLoader: numWorkers must be >= 0, got " + n);
        }
        this.numWorkers = n;
        return this;
    }

    /** Batches each worker may load ahead (default 2); returns this. */
    public DataLoader prefetchFactor(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("DataLoader: prefetchFactor must be positive, got " + k);
        }
        this.prefetchFactor = k;
        return this;
    }

    /** One background worker loading ahead ({@code numWorkers(1)}) or none; returns this. */
    public DataLoader prefetch(boolean on) {
        return numWorkers(on ? 1 : 0);
    }

    /** The number of worker threads. */
    public int numWorkers() {
        return numWorkers;
    }

    /** The dataset. */
    public Dataset dataset() {
        return dataset;
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

    /** The next epoch's batches; an unfinished earlier epoch's pending work is cancelled. */
    @Override
    public BatchIterator iterator() {
        if (current != null) {
            current.close();
        }
        current = new BatchIterator(epoch, order(epoch));
        epoch++;
        return current;
    }

    /** The epoch the next {@link #iterator()} starts (0-based). */
    public int epoch() {
        return epoch;
    }

    /** Starts the epoch count at {@code e}, e.g. when resuming a run; returns this. */
    public DataLoader setEpoch(int e) {
        if (e < 0) {
            throw new IllegalArgumentException("DataLoader.setEpoch: epoch must be >= 0, got " + e);
        }
        this.epoch = e;
        return this;
    }

    /** Cancels pending work and stops the worker threads (a later epoch starts new ones). */
    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
        if (pool != null) {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pool = null;
        }
    }

    private ThreadPoolExecutor pool() {
        if (pool == null || pool.isShutdown()) {
            int id = POOLS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            pool = new ThreadPoolExecutor(numWorkers, numWorkers, IDLE_MILLIS, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "flint-dataloader-" + id + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            pool.allowCoreThreadTimeOut(true);
        } else if (pool.getCorePoolSize() != numWorkers) {
            if (numWorkers > pool.getMaximumPoolSize()) {
                pool.setMaximumPoolSize(numWorkers);
                pool.setCorePoolSize(numWorkers);
            } else {
                pool.setCorePoolSize(numWorkers);
                pool.setMaximumPoolSize(numWorkers);
            }
        }
        return pool;
    }

    /** One epoch's batches. Closing it cancels the batches loaded ahead. */
    public final class BatchIterator implements Iterator<Batch>, AutoCloseable {
        private final int epochIndex;
        private final int[] idx;
        private final int batches;
        private final ArrayDeque<Future<Batch>> pending = new ArrayDeque<>();
        private int next;
        private int submitted;
        private boolean closed;

        private BatchIterator(int epochIndex, int[] idx) {
            this.epochIndex = epochIndex;
            this.idx = idx;
            this.batches = numBatches();
            if (numWorkers > 0) {
                fill();
            }
        }

        private void fill() {
            ThreadPoolExecutor p = pool();
            int ahead = numWorkers * prefetchFactor;
            while (submitted < batches && pending.size() < ahead) {
                int b = submitted++;
                pending.add(p.submit(() -> assemble(epochIndex, idx, b)));
            }
        }

        @Override
        public boolean hasNext() {
            return !closed && next < batches;
        }

        @Override
        public Batch next() {
            if (closed) {
                throw new IllegalStateException("DataLoader: this epoch's iterator was closed (a later epoch started or the loader closed)");
            }
            if (next >= batches) {
                throw new NoSuchElementException("DataLoader: all " + batches + " batches of this epoch were taken");
            }
            int b = next++;
            if (numWorkers == 0) {
                try {
                    return assemble(epochIndex, idx, b);
                } catch (RuntimeException | Error e) {
                    close();
                    throw e;
                }
            }
            Future<Batch> f = pending.poll();
            try {
                Batch batch = f.get();
                fill();
                return batch;
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("DataLoader: interrupted while waiting for batch " + b, e);
            } catch (ExecutionException e) {
                close();
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException("DataLoader: batch " + b + " failed", cause);
            } catch (CancellationException e) {
                close();
                throw new IllegalStateException("DataLoader: batch " + b + " was cancelled", e);
            }
        }

        /** Cancels the batches loaded ahead; later calls to {@link #next()} fail. */
        @Override
        public void close() {
            closed = true;
            for (Future<Batch> f : pending) {
                f.cancel(true);
            }
            pending.clear();
        }
    }

    /** Batch {@code b} of the epoch whose order is {@code idx}. */
    private Batch assemble(int e, int[] idx, int b) {
        int from = b * batchSize;
        int to = Math.min(from + batchSize, idx.length);
        int size = to - from;
        int[] indices = Arrays.copyOfRange(idx, from, to);
        if (dataset instanceof TensorDataset td) {
            return new Batch(Rows.gather(td.inputs(), idx, from, to), td.targets().gather(idx, from, to), indices);
        }
        Tensor[] rows = new Tensor[size];
        List<Target> targets = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Dataset.Sample s;
            try {
                s = dataset.get(indices[i], SampleSeed.of(seed, e, indices[i]));
            } catch (RuntimeException ex) {
                throw new IllegalStateException("DataLoader: loading sample " + indices[i] + " (batch " + b + " of epoch " + e + ") failed: "
                        + ex, ex);
            }
            if (s == null) {
                throw new IllegalStateException("DataLoader: dataset returned null for sample " + indices[i]);
            }
            rows[i] = s.input();
            targets.add(s.target());
            if (!Arrays.equals(rows[i].shape(), rows[0].shape())) {
                throw new IllegalStateException("DataLoader: sample " + indices[i] + " has shape " + Arrays.toString(rows[i].shape())
                        + ", sample " + indices[0] + " has " + Arrays.toString(rows[0].shape()));
            }
        }
        return new Batch(Rows.stack(rows), Targets.collate(targets, indices), indices);
    }
}
