package dev.flint.core.kernel.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private int saved;

    @BeforeEach
    void twoThreads() {
        saved = Parallel.threads();
        Parallel.setThreads(2);
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    @Test
    void chunksCoverTheRangeOnceWithFixedBoundaries() {
        int[] owner = new int[101];
        for (int rep = 0; rep < 1000; rep++) {
            java.util.Arrays.fill(owner, -1);
            Parallel.forChunks(101, (c, from, to) -> {
                for (int i = from; i < to; i++) {
                    owner[i] = owner[i] == -1 ? c : -2;
                }
            });
            for (int i = 0; i < 101; i++) {
                assertEquals(i < 50 ? 0 : 1, owner[i], "element " + i);
            }
        }
    }

    /**
     * Chunks are claimed by whichever thread is free: with a chunk that stalls now and then (as a
     * descheduled thread does), every chunk still runs exactly once with its fixed boundaries, and
     * over many regions the caller also runs chunks beyond the first (it took over a stalled
     * worker's share) while the worker runs some too. A split bound to threads fails the last check.
     */
    @Test
    void chunksAreClaimedByWhicheverThreadIsFree() {
        int[] owner = new int[11];
        java.util.Set<String> chunkOneRanOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
        String caller = Thread.currentThread().getName();
        for (int rep = 0; rep < 400; rep++) {
            java.util.Arrays.fill(owner, -1);
            int stall = rep % 4;
            Parallel.forChunks(11, (c, from, to) -> {
                if (c == 0 && stall == 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000); // whoever took chunk 0 stalls
                }
                if (c == 1) {
                    chunkOneRanOn.add(Thread.currentThread().getName().equals(caller) ? "caller" : "worker");
                }
                for (int i = from; i < to; i++) {
                    owner[i] = owner[i] == -1 ? c : -2;
                }
            });
            for (int i = 0; i < 11; i++) {
                assertEquals(i < 5 ? 0 : 1, owner[i], "element " + i + " in region " + rep);
            }
        }
        assertEquals(java.util.Set.of("caller", "worker"), chunkOneRanOn, "threads that ran chunk 1");
    }

    /**
     * Two chunks per thread: four fixed chunks on two threads, each run exactly once whichever
     * thread claims it; one thread alone runs one chunk.
     */
    @Test
    void severalChunksPerThreadKeepFixedBoundaries() {
        assertEquals(4, Parallel.chunks(101, 2));
        assertEquals(3, Parallel.chunks(3, 2));
        int[] owner = new int[101];
        for (int rep = 0; rep < 500; rep++) {
            java.util.Arrays.fill(owner, -1);
            Parallel.forChunks(101, 2, (c, from, to) -> {
                for (int i = from; i < to; i++) {
                    owner[i] = owner[i] == -1 ? c : -2;
                }
            });
            for (int i = 0; i < 101; i++) {
                assertEquals(i < 25 ? 0 : i < 50 ? 1 : i < 75 ? 2 : 3, owner[i], "element " + i);
            }
        }
        Parallel.setThreads(1);
        assertEquals(1, Parallel.chunks(101, 2));
    }

    @Test
    void nestedCallsRunInlineAndFailuresPropagate() {
        int[] inner = new int[2];
        Parallel.forChunks(2, (c, from, to) -> inner[c] = Parallel.chunks(100));
        assertArrayEquals(new int[] {1, 1}, inner);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Parallel.forChunks(10, (c, from, to) -> {
                    if (c == 1) {
                        throw new IllegalStateException("chunk 1 failed");
                    }
                }));
        assertEquals("chunk 1 failed", e.getMessage());
        Parallel.forChunks(4, (c, from, to) -> { }); // the pool still works after a failure
    }

    @Test
    void concurrentCallersGetTheSameResults() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            Future<?>[] f = new Future<?>[6];
            for (int t = 0; t < f.length; t++) {
                f[t] = callers.submit(() -> {
                    for (int rep = 0; rep < 200; rep++) {
                        long[] sums = new long[2];
                        Parallel.forChunks(1000, (c, from, to) -> {
                            for (int i = from; i < to; i++) {
                                sums[c] += i;
                            }
                        });
                        assertEquals(499_500L, sums[0] + sums[1]);
                        assertEquals(124_750L, sums[0]);
                    }
                    return null;
                });
            }
            for (Future<?> x : f) {
                x.get();
            }
        } finally {
            callers.shutdownNow();
        }
    }
}
