package dev.flint.core.kernel.gemm;

import dev.flint.core.kernel.runtime.Parallel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every GEMM path against the naive reference: shapes 0, 1, odd, beyond the vector width; all transposes. */
class GemmTest {
    /** A fresh C of {@code size} floats filled by {@code product} on the given number of threads. */
    private static float[] onThreads(int threads, int size, java.util.function.Consumer<float[]> product) {
        float[] c = new float[size];
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(threads);
            product.accept(c);
        } finally {
            Parallel.setThreads(saved);
        }
        return c;
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    @Test
    void knownProduct() {
        float[] a = {1, 2, 3, 4, 5, 6}; // 2x3
        float[] b = {7, 8, 9, 10, 11, 12}; // 3x2
        float[] c = new float[4];
        Gemm.sgemm(2, 2, 3, a, 0, 3, 1, b, 0, 2, 1, c, 0, 2, false);
        assertArrayEquals(new float[] {58, 64, 139, 154}, c);
        Gemm.sgemm(2, 2, 3, a, 0, 3, 1, b, 0, 2, 1, c, 0, 2, true);
        assertArrayEquals(new float[] {116, 128, 278, 308}, c);
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @CsvSource({
        "0,5,3,false,false", "4,0,3,false,false", "3,4,0,false,false", "1,1,1,false,false",
        "6,50,25,false,false", "16,67,150,false,false", "5,33,7,true,false", "7,17,9,false,true",
        "9,31,13,true,true", "64,120,400,false,false", "33,65,64,true,false", "17,16,15,false,true",
        "2,129,3,false,false", "3,15,5,false,false",
        // shapes on the packed path: odd sizes, several KC/MC blocks, a column block past NC, all transposes
        "17,33,65,false,false", "150,70,300,true,false", "16,3100,32,false,true", "40,40,40,true,true",
        "64,64,600,false,false", "7,1,1000,false,false", "1,17,33,false,false", "97,129,31,false,true",
        // depth past KC = 1024: equal depth blocks (1025 -> 513 + 512, 2100 -> 3 x 700), rows past MC = 96
        "19,70,1025,false,false", "101,45,2100,true,true", "8,40,2049,false,true",
        // the dot-product path (A rows and B columns contiguous along k)
        "5,7,200,false,true", "9,4,64,false,true", "3,5,1000,false,true", "6,25,784,false,true",
        // the six-row unpacked path: leftover rows and columns, strided A
        "6,784,25,false,false", "16,100,150,false,false", "25,784,6,true,false", "13,70,9,true,false", "150,100,16,true,false",
        // packed, wide C whose 7 column panels split unevenly over 2 threads: rows split instead
        "100,224,50,false,false", "103,200,70,true,true",
        // C narrower than a vector but tall: computed transposed (a 10-class head's weight gradient, 84 x 10 x 64)
        "84,10,64,true,false", "33,1,7,false,false", "40,15,3,false,true", "120,7,200,true,true", "64,10,84,false,true"})
    void matchesTheReference(int m, int n, int k, boolean transA, boolean transB) {
        SplittableRandom r = new SplittableRandom(m * 1000L + n * 10L + k);
        // Operands live at an offset inside larger buffers, as tensor views do.
        int aOff = 3;
        int bOff = 5;
        float[] a = random(r, aOff + m * k);
        float[] b = random(r, bOff + k * n);
        int aRow = transA ? 1 : k;
        int aCol = transA ? m : 1;
        int bRow = transB ? 1 : n;
        int bCol = transB ? k : 1;
        int ldc = n + 2;
        float[] seed = random(r, m * ldc + 1);
        for (boolean acc : new boolean[] {false, true}) {
            float[] expected = seed.clone();
            float[] actual = seed.clone();
            Gemm.reference(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, expected, 1, ldc, acc);
            Gemm.sgemm(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, actual, 1, ldc, acc);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-5f * (k + 1), "element " + i + " (accumulate=" + acc + ")");
            }
            // The padding columns between rows of C are never touched.
            for (int i = 0; i < m; i++) {
                assertEquals(seed[1 + i * ldc + n], actual[1 + i * ldc + n]);
            }
        }
    }

    @Test
    void packedPathIsTheSameOnOneAndTwoThreads() {
        SplittableRandom r = new SplittableRandom(5);
        int m = 70;
        int n = 300;
        int k = 90;
        float[] a = random(r, m * k);
        float[] b = random(r, k * n);
        float[] one = onThreads(1, m * n, c -> Gemm.sgemm(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, n, false));
        float[] two = onThreads(2, m * n, c -> Gemm.sgemm(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, n, false));
        // tall and narrow C splits by rows
        float[] at = random(r, 300 * 64);
        float[] bt = random(r, 64 * 40);
        float[] tall = onThreads(2, 300 * 40, c -> Gemm.sgemm(300, 40, 64, at, 0, 64, 1, bt, 0, 40, 1, c, 0, 40, false));
        float[] tallRef = new float[300 * 40];
        Gemm.reference(300, 40, 64, at, 0, 64, 1, bt, 0, 40, 1, tallRef, 0, 40, false);
        assertArrayEquals(one, two, "columns are split, never reduced, so results are identical");
        assertArrayEquals(tallRef, tall, 1e-4f);
    }

    @ParameterizedTest(name = "shared A: m={0} n={1} k={2} transA={3} threads={4}")
    @CsvSource({
        // packed once and reused: odd rows, several depth blocks (k > KC), several row blocks (m > MC), transposed A
        "16,100,150,false,1", "64,600,576,false,2", "151,97,300,true,2", "17,3000,33,false,2", "128,112,1152,true,1", "23,70,2100,false,2",
        // row split on 2 threads against the one packed A: 7 column panels, 1 panel, rows past MC with two depth blocks
        "101,200,70,false,2", "120,30,64,true,2", "197,210,1100,false,2",
        // shapes where the shared A is not packed (few rows, short depth, narrow B): the plain dispatch
        "6,784,25,false,1", "144,100,16,true,2", "40,8,40,false,1"})
    void sharedAMatchesTheReference(int m, int n, int k, boolean transA, int threads) {
        SplittableRandom r = new SplittableRandom(m * 7919L + n * 31L + k);
        int aOff = 2;
        float[] a = random(r, aOff + m * k);
        int aRow = transA ? 1 : k;
        int aCol = transA ? m : 1;
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(threads);
            Gemm.SharedA shared = Gemm.share(m, k, a, aOff, aRow, aCol);
            for (int use = 0; use < 2; use++) { // one packing serves several products
                float[] b = random(r, k * n + 3);
                float[] expected = random(r, m * n);
                float[] actual = expected.clone();
                boolean acc = use == 1;
                Gemm.reference(m, n, k, a, aOff, aRow, aCol, b, 3, n, 1, expected, 0, n, acc);
                Gemm.sgemm(shared, n, b, 3, n, 1, actual, 0, n, acc);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-5f * (k + 1), "element " + i + " (product " + use + ")");
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void rowsSplitWhenColumnPanelsDivideUnevenly() {
        assertTrue(Gemm.splitRows(7, 2, 40), "7 panels on 2 threads: 4 + 3");
        assertTrue(Gemm.splitRows(1, 2, 40), "one panel cannot be split by columns");
        assertFalse(Gemm.splitRows(2, 2, 40), "one panel each");
        assertFalse(Gemm.splitRows(25, 2, 40), "13 + 12 is within 10%");
        assertFalse(Gemm.splitRows(7, 2, 15), "too few rows for 8 micro-panels per thread");
        // and the split never changes a result: every element is one thread's full dot product
        SplittableRandom r = new SplittableRandom(17);
        int m = 100;
        int n = 200;
        int k = 90;
        float[] a = random(r, m * k);
        float[] b = random(r, k * n);
        float[] one = onThreads(1, m * n, c -> Gemm.sgemm(Gemm.share(m, k, a, 0, k, 1), n, b, 0, n, 1, c, 0, n, false));
        float[] two = onThreads(2, m * n, c -> Gemm.sgemm(Gemm.share(m, k, a, 0, k, 1), n, b, 0, n, 1, c, 0, n, false));
        assertArrayEquals(one, two);
    }

    @Test
    void scalarAndVectorPathsAgree() {
        SplittableRandom r = new SplittableRandom(11);
        int m = 7;
        int n = 70;
        int k = 13;
        float[] a = random(r, m * k);
        float[] b = random(r, k * n);
        float[] viaScalar = new float[m * n];
        float[] viaDispatch = new float[m * n];
        Gemm.rowAxpyScalar(m, n, k, a, 0, k, 1, b, 0, n, viaScalar, 0, n);
        Gemm.sgemm(m, n, k, a, 0, k, 1, b, 0, n, 1, viaDispatch, 0, n, false);
        assertArrayEquals(viaScalar, viaDispatch, 1e-5f);
    }

    @Test
    void nanPropagatesThroughZeros() {
        float[] a = {0f, 1f};
        float[] b = {Float.NaN, 2f};
        float[] c = new float[1];
        Gemm.sgemm(1, 1, 2, a, 0, 2, 1, b, 0, 1, 1, c, 0, 1, false);
        assertEquals(Float.NaN, c[0]);
    }
}
