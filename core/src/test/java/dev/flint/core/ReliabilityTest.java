package dev.flint.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Regressions of issue 19 in core: each case was a silently wrong result or an unclear failure. */
class ReliabilityTest {
    @Test
    void elementCountsDoNotWrapAround() {
        // 65536^4 = 2^64: a plain long product is 0, so zeros() made an empty tensor and sum() gave 0
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(65536, 65536, 65536, 65536));
        assertTrue(e.getMessage().contains("zeros") && e.getMessage().contains("[65536, 65536, 65536, 65536]")
                && e.getMessage().contains("18446744073709551616"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.ones(1, 1, 1, 1).expand(65536, 65536, 65536, 65536));
        assertTrue(e.getMessage().startsWith("expand:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.ones(1, 1).expand(65536, 65536));
        assertTrue(e.getMessage().contains("4294967296"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(4).reshape(65536, 65536, 65536, 65536, 0, -1));
        assertTrue(e.getMessage().startsWith("reshape:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(4).view(1 << 16, 1 << 16, 1 << 16, 1 << 16));
        assertTrue(e.getMessage().startsWith("view:"), e.getMessage());
        // an empty shape with huge other dims is fine, as in PyTorch
        assertEquals(0, Tensor.zeros(65536, 65536, 65536, 0).numel());
        assertEquals(0, Tensor.zeros(0).reshape(65536, 65536, 65536, 0).numel());
    }

    @Test
    void arangeLongerThanATensorFailsBeforeAllocating() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 3e9f, 1));
        assertTrue(e.getMessage().startsWith("arange:") && e.getMessage().contains("3000000000"), e.getMessage());
    }

    @Test
    void narrowWithAnOverflowingLengthIsOutOfBounds() {
        // start + length wrapped to a negative int and passed the bounds check: an empty tensor came back
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> Tensor.zeros(3).narrow(0, 1, Integer.MAX_VALUE));
        assertTrue(e.getMessage().startsWith("narrow:"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(3).narrow(0, 4, 0));
        assertEquals(0, Tensor.zeros(3).narrow(0, 3, 0).numel());
    }

    @Test
    void clampRefusesNaNBounds() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).clamp(Float.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).clamp(0, Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).clampMin(Float.NaN));
    }

    @Test
    void gradModeScopesClosedOutOfOrderRestoreGradMode() {
        Autograd.Scope outer = Autograd.noGrad();
        Autograd.Scope inner = Autograd.noGrad();
        outer.close();
        assertFalse(Autograd.isGradEnabled(), "the inner scope is still open");
        inner.close();
        assertTrue(Autograd.isGradEnabled(), "both scopes closed: grad mode must be back on");

        Autograd.Scope off = Autograd.noGrad();
        Autograd.Scope on = Autograd.enableGrad();
        off.close();
        assertTrue(Autograd.isGradEnabled(), "the enableGrad scope is innermost");
        on.close();
        assertTrue(Autograd.isGradEnabled());
        try (var a = Autograd.noGrad(); var b = Autograd.enableGrad(); var c = Autograd.noGrad()) {
            assertFalse(Autograd.isGradEnabled());
        }
        assertTrue(Autograd.isGradEnabled());
    }

    @Test
    void gradModeScopeClosedOnAnotherThreadFails() throws Exception {
        Autograd.Scope s = Autograd.noGrad();
        Throwable[] thrown = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                s.close();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        });
        t.start();
        t.join();
        s.close();
        assertTrue(thrown[0] instanceof IllegalStateException, String.valueOf(thrown[0]));
        assertTrue(Autograd.isGradEnabled());
    }

    @Test
    void anomalyModeNamesTheOpWhoseGradientIsNotFiniteAndWhereItWasCalled() {
        Tensor x = Tensor.of(new float[] {0f, 1f, 4f}).requiresGrad(true);
        // sqrt'(0) = inf: backward without anomaly mode just lets the infinity through
        x.sqrt().sum().backward();
        assertEquals(Float.POSITIVE_INFINITY, x.grad().get(0));
        x.zeroGrad();
        IllegalStateException e;
        try (var a = Autograd.detectAnomaly()) {
            assertTrue(Autograd.isAnomalyEnabled());
            Tensor y = x.sqrt().mul(2f).sum(); // forward under anomaly mode: call sites recorded
            e = assertThrows(IllegalStateException.class, y::backward);
        }
        assertFalse(Autograd.isAnomalyEnabled());
        assertTrue(e.getMessage().startsWith("detectAnomaly: SqrtBackward returned Infinity in the gradient of input 0"),
                e.getMessage());
        assertTrue(e.getMessage().contains("first at flat index 0"), e.getMessage());
        assertTrue(e.getMessage().contains(ReliabilityTest.class.getName() + ".anomalyModeNames"), e.getMessage());
        assertNotNull(e.getCause());
        assertEquals(null, x.grad(), "backward stopped before reaching the leaf");
    }

    @Test
    void anomalyModeAtBackwardOnlyStillNamesTheOp() {
        Tensor x = Tensor.of(new float[] {-1f, 1f}).requiresGrad(true);
        Tensor y = x.log().sum(); // log'(-1) = -1 is finite; log(-1) is NaN but the gradient 1/x is not
        try (var a = Autograd.detectAnomaly()) {
            y.backward();
        }
        Tensor z = Tensor.of(new float[] {0f, 1f}).requiresGrad(true);
        Tensor w = z.log().sum(); // 1/0 = inf
        try (var a = Autograd.detectAnomaly()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, w::backward);
            assertTrue(e.getMessage().contains("LogBackward") && e.getMessage().contains("call site is unknown"), e.getMessage());
        }
    }
}
