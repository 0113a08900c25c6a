package dev.flint.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** 10 samples whose input (2 values) encodes the index: (i, 100 + i); label i % 3. */
    private static TensorDataset data() {
        float[] x = new float[20];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 100 + i;
            y[i] = i % 3;
        }
        return new TensorDataset(Tensor.of(x, 10, 2), y);
    }

    private static List<Integer> epoch(DataLoader loader) {
        List<Integer> seen = new ArrayList<>();
        for (DataLoader.Batch b : loader) {
            float[] v = b.inputs().toArray();
            for (int i = 0; i < b.size(); i++) {
                int idx = (int) v[2 * i];
                assertEquals(100 + idx, (int) v[2 * i + 1]);
                assertEquals(idx % 3, b.labels()[i]);
                seen.add(idx);
            }
        }
        return seen;
    }

    @Test
    void everySampleOncePerEpochAndReproducibleOrder() {
        DataLoader a = new DataLoader(data(), 3, true, 42, false);
        DataLoader b = new DataLoader(data(), 3, true, 42, false);
        List<Integer> a1 = epoch(a);
        List<Integer> a2 = epoch(a);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), a1.stream().sorted().toList());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), a2.stream().sorted().toList());
        assertFalse(a1.equals(a2), "each epoch reshuffles");
        assertEquals(a1, epoch(b));
        assertEquals(a2, epoch(b));
        assertFalse(a1.equals(epoch(new DataLoader(data(), 3, true, 43, false))));
        assertEquals(4, a.numBatches());
    }

    @Test
    void batchShapesDropLastAndNoShuffle() {
        DataLoader d = new DataLoader(data(), 4, false, 0, true);
        List<int[]> shapes = new ArrayList<>();
        for (DataLoader.Batch b : d) {
            shapes.add(b.inputs().shape());
        }
        assertEquals(2, shapes.size());
        assertArrayEquals(new int[] {4, 2}, shapes.get(0));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), epoch(d));
        DataLoader keep = new DataLoader(data(), 4, false, 0, false);
        int last = 0;
        for (DataLoader.Batch b : keep) {
            last = b.size();
        }
        assertEquals(2, last);
    }

    @Test
    void prefetchGivesTheSameBatches() {
        assertEquals(epoch(new DataLoader(data(), 3, true, 7, false)), epoch(new DataLoader(data(), 3, true, 7, false).prefetch(true)));
    }

    @Test
    void genericDatasetsAreStacked() {
        Dataset generic = new Dataset() {
            @Override
            public int size() {
                return 5;
            }

            @Override
            public Sample get(int index) {
                return new Sample(Tensor.of(new float[] {index, 100 + index}), index % 3);
            }
        };
        List<Integer> seen = epoch(new DataLoader(generic, 2, true, 1, false));
        assertEquals(List.of(0, 1, 2, 3, 4), seen.stream().sorted().toList());
        assertEquals(5, Arrays.stream(new int[] {0, 1, 2, 3, 4}).count());
    }

    /** A generic dataset with random per-sample noise, a slow sample now and then, and mixed targets. */
    private static Dataset noisy(int n, int failAt) {
        return new Dataset() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public Sample get(int index) {
                return get(index, SampleSeed.of(0, 0, index));
            }

            @Override
            public Sample get(int index, java.util.random.RandomGenerator rng) {
                if (index == failAt) {
                    throw new IllegalArgumentException("broken sample file");
                }
                if (index % 7 == 0) {
                    try {
                        Thread.sleep(2); // uneven work, so workers finish out of order
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                float noise = (float) rng.nextDouble();
                Tensor x = Tensor.of(new float[] {index, noise});
                Map<String, Target> f = new LinkedHashMap<>();
                f.put("label", new Target.ClassIndex(index % 4));
                f.put("box", new Target.Values(Tensor.of(new float[] {index, index + 1, noise, 1})));
                f.put("mask", new Target.ClassMap(new int[] {index, index + 1, index + 2, index + 3}, new int[] {2, 2}));
                return new Sample(x, new Target.Fields(f));
            }
        };
    }

    /** Every batch's values, bit for bit, as text. */
    private static List<String> contents(DataLoader loader) {
        List<String> out = new ArrayList<>();
        for (DataLoader.Batch b : loader) {
            Targets.Fields f = (Targets.Fields) b.targets();
            out.add(Arrays.toString(b.indices()) + Arrays.toString(b.inputs().toArray())
                    + Arrays.toString(((Targets.Classes) f.get("label")).indices())
                    + Arrays.toString(((Targets.Values) f.get("box")).values().toArray())
                    + Arrays.toString(((Targets.Values) f.get("box")).values().shape())
                    + Arrays.toString(((Targets.ClassMaps) f.get("mask")).indices())
                    + Arrays.toString(((Targets.ClassMaps) f.get("mask")).shape()));
        }
        return out;
    }

    @Test
    void workersGiveTheSameBatchesInTheSameOrder() {
        List<List<String>> byWorkers = new ArrayList<>();
        for (int w : new int[] {0, 1, 2, 4}) {
            try (DataLoader loader = new DataLoader(noisy(53, -1), 5, true, 9, false).numWorkers(w)) {
                List<String> two = new ArrayList<>(contents(loader));
                two.addAll(contents(loader));
                byWorkers.add(two);
            }
        }
        assertEquals(22, byWorkers.get(0).size());
        for (int i = 1; i < byWorkers.size(); i++) {
            assertEquals(byWorkers.get(0), byWorkers.get(i), "worker count " + i);
        }
        assertFalse(byWorkers.get(0).subList(0, 11).equals(byWorkers.get(0).subList(11, 22)), "epochs differ");
    }

    @Test
    void collatesEveryTargetKind() {
        DataLoader.Batch b = new DataLoader(noisy(10, -1), 3, false, 0, false).iterator().next();
        Targets.Fields f = (Targets.Fields) b.targets();
        assertArrayEquals(new int[] {0, 1, 2}, ((Targets.Classes) f.get("label")).indices());
        assertArrayEquals(new int[] {3, 4}, ((Targets.Values) f.get("box")).values().shape());
        assertArrayEquals(new float[] {1, 2}, ((Targets.Values) f.get("box")).values().select(0, 1).narrow(0, 0, 2).toArray());
        assertArrayEquals(new int[] {3, 2, 2}, ((Targets.ClassMaps) f.get("mask")).shape());
        assertArrayEquals(new int[] {0, 1, 2, 3, 1, 2, 3, 4, 2, 3, 4, 5}, ((Targets.ClassMaps) f.get("mask")).indices());
        assertArrayEquals(new int[] {0, 1, 2}, b.indices());
    }

    @Test
    void aWorkersExceptionNamesTheSampleAndStopsTheEpoch() {
        for (int w : new int[] {0, 2}) {
            try (DataLoader loader = new DataLoader(noisy(40, 17), 4, false, 0, false).numWorkers(w)) {
                Iterator<DataLoader.Batch> it = loader.iterator();
                it.next();
                it.next();
                it.next();
                it.next(); // samples 12..15
                IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
                assertTrue(e.getMessage().contains("loading sample 17 (batch 4 of epoch 0) failed"), e.getMessage());
                assertTrue(e.getMessage().contains("broken sample file"), e.getMessage());
                assertInstanceOf(IllegalArgumentException.class, e.getCause());
                assertFalse(it.hasNext(), "a failed epoch does not go on");
            }
        }
    }

    private static long liveWorkers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("flint-dataloader") && t.isAlive()).count();
    }

    private static void awaitNoWorkers(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (liveWorkers() > 0 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertEquals(0, liveWorkers(), "dataloader threads still alive");
    }

    @Test
    void noThreadsLeakWhenALoopBreaksThrowsOrCloses() throws InterruptedException {
        awaitNoWorkers(5000);
        // Closed loader: threads end at once.
        try (DataLoader loader = new DataLoader(noisy(200, -1), 4, true, 1, false).numWorkers(2)) {
            for (DataLoader.Batch b : loader) {
                break;
            }
            assertTrue(liveWorkers() > 0);
        }
        assertEquals(0, liveWorkers());
        // A loop that breaks early without closing: idle workers end by themselves.
        DataLoader open = new DataLoader(noisy(200, -1), 4, true, 1, false).numWorkers(2);
        for (DataLoader.Batch b : open) {
            break;
        }
        awaitNoWorkers(5000);
        // A loop ended by an exception.
        DataLoader failing = new DataLoader(noisy(200, 30), 4, false, 1, false).numWorkers(2);
        assertThrows(IllegalStateException.class, () -> {
            for (DataLoader.Batch b : failing) {
                assertTrue(b.size() > 0);
            }
        });
        awaitNoWorkers(5000);
        // The loader still works afterwards.
        assertEquals(50, open.numBatches());
        int n = 0;
        for (DataLoader.Batch b : open) {
            n++;
        }
        assertEquals(50, n);
        awaitNoWorkers(5000);
    }

    @Test
    void aNewEpochCancelsTheOldIterator() {
        DataLoader loader = new DataLoader(noisy(40, -1), 4, false, 0, false).numWorkers(2);
        Iterator<DataLoader.Batch> first = loader.iterator();
        first.next();
        Iterator<DataLoader.Batch> second = loader.iterator();
        IllegalStateException e = assertThrows(IllegalStateException.class, first::next);
        assertTrue(e.getMessage().contains("iterator was closed"), e.getMessage());
        assertEquals(0, second.next().indices()[0]);
        loader.close();
    }

    @Test
    void segmentationScenesCollateToClassMaps() {
        float[] digits = new float[2 * 28 * 28];
        java.util.Arrays.fill(digits, 0, 28 * 28, 1f);
        MnistScenes s = MnistScenes.generate(new TensorDataset(Tensor.of(digits, 2, 1, 28, 28), new int[] {3, 5}), 4, 32, 1, 1, 1);
        DataLoader.Batch b = new DataLoader(s.dataset(), 3, false, 0, false).iterator().next();
        Targets.ClassMaps m = (Targets.ClassMaps) b.targets();
        assertArrayEquals(new int[] {3, 32, 32}, m.shape());
        int[] expected = new int[3 * 32 * 32];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(s.mask(i), 0, expected, i * 32 * 32, 32 * 32);
        }
        assertArrayEquals(expected, m.indices());
        assertEquals(Target.classMap(s.mask(1), 32, 32), s.dataset().get(1).target());
    }
}
