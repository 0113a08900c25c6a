package dev.flint.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The lecture notes' worked backpropagation examples, with their hand-derived values. */
class WorkedExamplesTest {
    private static Tensor leaf(float v) {
        return Tensor.scalar(v).requiresGrad(true);
    }

    @Test
    void addThenMultiply() {
        // f(x,y,z) = (x+y)*z at x=-2, y=5, z=4: q = 3, f = 12; df/dz = q = 3, df/dx = df/dy = z = 4.
        Tensor x = leaf(-2);
        Tensor y = leaf(5);
        Tensor z = leaf(4);
        Tensor f = x.add(y).mul(z);
        assertEquals(12f, f.item());
        f.backward();
        assertEquals(4f, x.grad().item());
        assertEquals(4f, y.grad().item());
        assertEquals(3f, z.grad().item());
    }

    @Test
    void multiplyGateSwapsInputs() {
        Tensor x = leaf(4);
        Tensor y = leaf(-3);
        Tensor f = x.mul(y);
        assertEquals(-12f, f.item());
        f.backward();
        assertEquals(-3f, x.grad().item());
        assertEquals(4f, y.grad().item());
    }

    @Test
    void addGateDistributes() {
        Tensor x = leaf(1.5f);
        Tensor y = leaf(-7f);
        x.add(y).backward();
        assertEquals(1f, x.grad().item());
        assertEquals(1f, y.grad().item());
    }

    @Test
    void maxGateRoutesToTheLargerInput() {
        Tensor x = leaf(2);
        Tensor y = leaf(5);
        Tensor f = x.maximum(y);
        assertEquals(5f, f.item());
        f.mul(3f).backward();
        assertEquals(0f, x.grad().item());
        assertEquals(3f, y.grad().item());

        // The same through a reduction: max over a vector sends everything to the arg-max.
        Tensor v = Tensor.of(new float[] {1, 9, 4}).requiresGrad(true);
        v.max(0, false).backward();
        assertEquals("[0.0, 1.0, 0.0]", java.util.Arrays.toString(v.grad().toArray()));
    }
}
