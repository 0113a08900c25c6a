package dev.flint.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.Autograd;
import dev.flint.core.Generator;
import dev.flint.core.GradCheck;
import dev.flint.core.Tensor;

/**
 * The non-contiguous check the op tables generate for every case: the same values laid out with
 * gaps (every other element of a twice-as-wide last dim) must give the same outputs and the
 * same input gradients as the contiguous inputs.
 */
public final class NonContiguous {
    private NonContiguous() {
    }

    /** A leaf with x's values (and requiresGrad) whose last dim has stride 2: never contiguous when it has more than one element. */
    public static Tensor copyOf(Tensor x) {
        int[] shape = x.shape();
        if (shape.length == 0) {
            return x.detach().clone().requiresGrad(x.requiresGrad());
        }
        int[] wide = shape.clone();
        wide[wide.length - 1] *= 2;
        Tensor view;
        try (var g = Autograd.noGrad()) {
            view = Tensor.zeros(wide).slice(-1, 0, wide[wide.length - 1], 2);
            view.copy_(x.detach());
        }
        return view.requiresGrad(x.requiresGrad());
    }

    /**
     * fn on {@code inputs} and on non-contiguous copies of them: outputs and the gradients of
     * sum(out * w) (w fixed) agree to 1e-5 relative.
     */
    public static void assertSameResults(String name, GradCheck.Fn fn, Tensor[] inputs) {
        Tensor[] copies = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            copies[i] = copyOf(inputs[i]);
            if (inputs[i].numel() > 1) {
                assertFalse(copies[i].isContiguous(), name + ": input " + i + " copy is contiguous");
            }
        }
        Tensor a = fn.apply(inputs);
        Tensor b = fn.apply(copies);
        assertClose(name + ": output", a.toArray(), b.toArray());
        Tensor w = Tensor.randn(new Generator(name.hashCode()), a.shape());
        if (a.requiresGrad()) {
            a.mul(w).sum().backward();
            b.mul(w).sum().backward();
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i].requiresGrad()) {
                    assertTrue(copies[i].grad() != null, name + ": no gradient for non-contiguous input " + i);
                    assertClose(name + ": gradient of input " + i, inputs[i].grad().toArray(), copies[i].grad().toArray());
                }
            }
        }
    }

    private static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float x = actual[i];
            boolean same = Float.isNaN(e) ? Float.isNaN(x) : Math.abs(e - x) <= 1e-5f * (1 + Math.abs(e));
            assertTrue(same, what + " at " + i + ": contiguous " + e + ", non-contiguous " + x);
        }
    }
}
