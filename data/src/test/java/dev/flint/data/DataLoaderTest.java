package dev.flint.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.flint.core.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
}
