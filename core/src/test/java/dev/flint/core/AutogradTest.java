package dev.flint.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Graph behaviour: accumulation, release, retainGraph, no-grad, detach, in-place detection, depth. */
class AutogradTest {
    @Test
    void gradientsAccumulateOverUsesAndOverBackwardCalls() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}).requiresGrad(true);
        x.mul(x).sum().backward(); // d/dx x^2 = 2x, x used twice in one graph
        assertArrayEquals(new float[] {2, 4, 6}, x.grad().toArray());
        x.sum().backward(); // a second graph adds 1
        assertArrayEquals(new float[] {3, 5, 7}, x.grad().toArray());
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void backwardWithExplicitGradient() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}).requiresGrad(true);
        Tensor y = x.mul(2f);
        y.backward(Tensor.of(new float[] {1, 0.5f, -1}));
        assertArrayEquals(new float[] {2, 1, -2}, x.grad().toArray());
    }

    @Test
    void secondBackwardThroughAReleasedGraphFails() {
        Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        Tensor loss = x.exp().sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
        assertTrue(e.getMessage().contains("Backward"), e.getMessage());
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = Tensor.of(new float[] {0, 1}).requiresGrad(true);
        Tensor loss = x.exp().sum();
        loss.backward(Tensor.scalar(1f), true);
        loss.backward();
        assertArrayEquals(new float[] {2f, (float) (2 * Math.E)}, x.grad().toArray(), 1e-6f);
    }

    @Test
    void noGradRecordsNothingAndRestoresTheMode() {
        Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        Tensor y;
        try (var g = Autograd.noGrad()) {
            assertFalse(Autograd.isGradEnabled());
            y = x.mul(3f);
            try (var inner = Autograd.enableGrad()) {
                assertTrue(x.mul(2f).requiresGrad());
            }
            assertFalse(Autograd.isGradEnabled());
        }
        assertTrue(Autograd.isGradEnabled());
        assertFalse(y.requiresGrad());
        assertNull(y.gradFnName());
    }

    @Test
    void noGradIsPerThread() throws Exception {
        try (var g = Autograd.noGrad()) {
            boolean[] other = new boolean[1];
            Thread t = new Thread(() -> other[0] = Autograd.isGradEnabled());
            t.start();
            t.join();
            assertTrue(other[0]);
        }
    }

    @Test
    void detachCutsTheGraphButSharesStorage() {
        Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        Tensor y = x.mul(2f);
        Tensor d = y.detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.storage() == y.storage());
        Tensor loss = x.mul(d).sum(); // d is a constant: d/dx = d
        loss.backward();
        assertArrayEquals(new float[] {2, 4}, x.grad().toArray());
    }

    @Test
    void inPlaceChangeOfASavedTensorIsDetected() {
        Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        Tensor c = Tensor.of(new float[] {3, 4}); // no grad: may be written
        Tensor loss = x.mul(c).sum(); // Mul saved c
        c.mul_(10f);
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("MulBackward") && e.getMessage().contains("in-place"), e.getMessage());
        assertTrue(e.getMessage().contains("[2]"), e.getMessage());
    }

    @Test
    void inPlaceChangeThroughAViewIsDetected() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}).requiresGrad(true);
        Tensor c = Tensor.of(new float[] {1, 1, 1, 1}, 2, 2);
        Tensor loss = x.view(2, 2).mul(c.t()).sum(); // saves a transposed view of c
        c.narrow(0, 0, 1).fill_(5f); // written through another view of the same storage
        assertThrows(IllegalStateException.class, loss::backward);
    }

    @Test
    void inPlaceOnATensorThatRequiresGradIsRefusedInGradMode() {
        Tensor w = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.add_(1f));
        assertTrue(e.getMessage().contains("add_"), e.getMessage());
        try (var g = Autograd.noGrad()) {
            w.add_(1f); // an optimizer step
        }
        assertArrayEquals(new float[] {2, 3}, w.toArray());
    }

    @Test
    void writingIntoAnExpandedTensorIsRefused() {
        Tensor e = Tensor.of(new float[] {1, 2}).expand(3, 2);
        assertThrows(IllegalStateException.class, () -> e.fill_(0f));
    }

    @Test
    void inPlaceOpsComputeWithBroadcastAndOverlap() {
        Tensor a = Tensor.arange(6).reshape(2, 3);
        a.add_(Tensor.of(new float[] {10, 20, 30}));
        assertArrayEquals(new float[] {10, 21, 32, 13, 24, 35}, a.toArray());
        Tensor sq = Tensor.arange(4).reshape(2, 2);
        sq.add_(sq.t()); // reads the old values of the overlapping operand
        assertArrayEquals(new float[] {0, 3, 3, 6}, sq.toArray());
        Tensor t = Tensor.zeros(3, 2).t();
        t.copy_(Tensor.of(new float[] {1, 2, 3}));
        assertArrayEquals(new float[] {1, 1, 2, 2, 3, 3}, t.t().toArray());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).add_(Tensor.zeros(2, 3)));
    }

    @Test
    void aTenThousandOpChainBackpropagatesWithoutStackOverflow() {
        Tensor x = Tensor.scalar(1f).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 10_000; i++) {
            y = y.mul(1.0001f).add(0f);
        }
        y.backward();
        // d/dx = 1.0001f^10000 ~ e: 20,000 nodes, walked without recursion (tests run with -Xss512k)
        assertEquals(Math.pow((double) 1.0001f, 10_000), x.grad().item(), 5e-3);
    }

    @Test
    void missingGradientFailsLoudlyWithTheOpName() {
        Function broken = new Function() {
            @Override
            protected Tensor forward(Tensor... in) {
                return in[0].mul(2f);
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {null};
            }
        };
        Tensor x = Tensor.of(new float[] {1}).requiresGrad(true);
        Tensor y = broken.apply(x);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("failed to compute the gradient of input 0"), e.getMessage());
    }

    @Test
    void leafAndNonLeafState() {
        Tensor x = Tensor.of(new float[] {1}).requiresGrad(true);
        Tensor y = x.exp();
        assertTrue(x.isLeaf());
        assertFalse(y.isLeaf());
        assertEquals("ExpBackward", y.gradFnName());
        assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
        assertFalse(x.add(Tensor.scalar(1f).requiresGrad(false)).isLeaf());
        assertFalse(Tensor.scalar(1f).add(2f).requiresGrad());
    }
}
