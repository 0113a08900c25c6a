package dev.flint.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryScopeTest {
    @AfterEach
    void clean() {
        assertFalse(MemoryScope.isActive(), "a test left a scope open");
        MemoryScope.trimPool();
    }

    @Test
    void closedScopeRecyclesBuffersAndZerosStayZero() {
        float[] first;
        try (MemoryScope s = MemoryScope.open()) {
            Tensor t = Tensor.zeros(1000);
            first = t.storage().array();
            Arrays.fill(first, 7f); // garbage that the next zeros() must not see
        }
        assertEquals(4000, MemoryScope.pooledBytes());
        try (MemoryScope s = MemoryScope.open()) {
            Tensor t = Tensor.zeros(1000);
            assertSame(first, t.storage().array(), "the pooled buffer is reused");
            for (float v : t.toArray()) {
                assertEquals(0f, v);
            }
        }
    }

    @Test
    void opsOnRecycledBuffersComputeTheRightValues() {
        Tensor a = Tensor.arange(0, 12, 1).reshape(3, 4);
        Tensor b = Tensor.full(2f, 4);
        for (int step = 0; step < 3; step++) {
            try (MemoryScope s = MemoryScope.open()) {
                Tensor c = a.mul(b).add(1f).relu().sum(1, false);
                assertArrayEquals(new float[] {16, 48, 80}, c.toArray());
                Tensor junk = Tensor.empty(3);
                Arrays.fill(junk.storage().array(), Float.NaN);
            }
        }
    }

    @Test
    void useAfterCloseFailsLoudlyForTheTensorAndItsViews() {
        Tensor t;
        Tensor view;
        try (MemoryScope s = MemoryScope.open()) {
            t = Tensor.ones(2, 3).mul(3f);
            view = t.reshape(6);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, t::toArray);
        assertTrue(e.getMessage().contains("MemoryScope"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> view.add(1f));
        assertThrows(IllegalStateException.class, () -> t.item());
        assertFalse(t.storage().isLive());
    }

    @Test
    void outsideKeepsResultsAndHeapTensorsAreUntouched() {
        Tensor heap = Tensor.ones(4);
        Tensor kept;
        try (MemoryScope s = MemoryScope.open()) {
            Tensor t = heap.mul(5f);
            kept = MemoryScope.outside(t::clone);
            assertTrue(MemoryScope.isActive(), "outside() restores the scope");
        }
        assertArrayEquals(new float[] {5, 5, 5, 5}, kept.toArray());
        assertArrayEquals(new float[] {1, 1, 1, 1}, heap.toArray());
        assertEquals(0, Tensor.zeros(1).storage().version());
    }

    @Test
    void nestedScopesReleaseInReverseOrder() {
        try (MemoryScope outer = MemoryScope.open()) {
            Tensor a = Tensor.ones(3);
            Tensor b;
            MemoryScope inner = MemoryScope.open();
            b = a.add(1f);
            IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
            assertTrue(e.getMessage().contains("nested"), e.getMessage());
            inner.close();
            assertFalse(b.storage().isLive());
            assertTrue(a.storage().isLive());
            assertTrue(MemoryScope.isActive());
        }
    }

    @Test
    void closingFromAnotherThreadIsRefused() throws Exception {
        try (MemoryScope s = MemoryScope.open()) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread th = new Thread(() -> {
                try {
                    s.close();
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            th.start();
            th.join();
            assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
        }
    }

    @Test
    void intBuffersLiveAsLongAsTheScope() {
        int[] outsideScope = MemoryScope.ints(10).array();
        IntStorage first;
        int[] firstArray;
        try (MemoryScope s = MemoryScope.open()) {
            first = MemoryScope.ints(10);
            firstArray = first.array();
            assertNotSame(outsideScope, firstArray);
        }
        // released with its scope: a later use fails instead of reading the reused array
        assertFalse(first.isLive());
        assertThrows(IllegalStateException.class, first::array);
        try (MemoryScope s = MemoryScope.open()) {
            assertSame(firstArray, MemoryScope.ints(10).array());
        }
    }

    @Test
    void gradientsOutliveTheScopeAndAccumulateInPlace() {
        Tensor w = Tensor.of(new float[] {1, 2, 3}).requiresGrad(true);
        Tensor x = Tensor.of(new float[] {4, 5, 6});
        try (MemoryScope s = MemoryScope.open()) {
            w.mul(x).sum().backward();
        }
        Tensor g = w.grad();
        assertArrayEquals(new float[] {4, 5, 6}, g.toArray());
        try (MemoryScope s = MemoryScope.open()) {
            w.mul(x).mul(2f).sum().backward();
        }
        assertSame(g, w.grad(), "accumulates into the existing gradient, as PyTorch");
        assertArrayEquals(new float[] {12, 15, 18}, g.toArray());
        w.zeroGrad(false);
        assertSame(g, w.grad());
        assertArrayEquals(new float[] {0, 0, 0}, g.toArray());
        w.zeroGrad(true);
        assertEquals(null, w.grad());
    }

    @Test
    void steadyStateStepAllocatesNoNewBuffers() {
        Tensor w = Tensor.randn(new Generator(3), 16, 16).requiresGrad(true);
        Tensor x = Tensor.randn(new Generator(4), 8, 16);
        for (int step = 0; step < 2; step++) {
            try (MemoryScope s = MemoryScope.open()) {
                x.matmul(w).relu().sum().backward();
            }
            w.zeroGrad(false);
        }
        long pooled = MemoryScope.pooledBytes();
        try (MemoryScope s = MemoryScope.open()) {
            x.matmul(w).relu().sum().backward();
            assertTrue(MemoryScope.pooledBytes() < pooled, "buffers are taken from the pool");
        }
        assertEquals(pooled, MemoryScope.pooledBytes(), "the same buffers came back; none were added");
    }
}
