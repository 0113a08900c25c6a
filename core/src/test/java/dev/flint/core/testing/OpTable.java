package dev.flint.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import dev.flint.core.GradCheck;
import dev.flint.core.Tensor;

/**
 * The machinery of the op tables (core's OpGradCheckTest, nn's NnGradCheckTest; PyTorch's
 * OpInfo in spirit): each table lists {@link Case}s, and every test a case gets is generated
 * here, the same for both tables: the gradient check, the non-contiguous check, and the coverage
 * gates (every op class has a case and a row in docs/derivatives.md).
 */
public final class OpTable {
    private OpTable() {
    }

    /** One entry: a differentiable function of its inputs and a supplier of fresh sample inputs. */
    public record Case(String name, GradCheck.Fn fn, Supplier<Tensor[]> inputs) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Gradchecks the case (finite differences against autograd) and returns its function applied
     * to fresh leaves with the same values, whose graph the coverage gate reads.
     */
    public static Tensor gradcheck(Case c) {
        Tensor[] inputs = c.inputs().get();
        GradCheck.Result r = GradCheck.run(c.fn(), GradCheck.Options.defaults(), inputs);
        assertTrue(r.passed(), c.name() + ": " + r.report());
        assertTrue(r.checked() > 0, c.name() + ": nothing was checked");
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            leaves[i] = inputs[i].detach().requiresGrad(true);
        }
        return c.fn().apply(leaves);
    }

    /** Non-contiguous copies of the case's inputs give the same outputs and gradients ({@link NonContiguous}). */
    public static void nonContiguous(Case c) {
        NonContiguous.assertSameResults(c.name(), c.fn(), c.inputs().get());
    }

    /** Gate: every Function class of {@code families} has a row in docs/derivatives.md. */
    public static void assertDocumented(List<Class<?>> families) {
        assertEquals(Set.of(), Derivatives.undocumented(Derivatives.functionClasses(families)),
                "ops without a row in docs/derivatives.md");
    }

    /**
     * Gate: every Function class of {@code families} ran in some case ({@code covered}: the
     * backward-node names the cases' graphs held). Skipped when nothing ran (a filtered run).
     */
    public static void assertCovered(List<Class<?>> families, Set<String> covered) {
        if (covered.isEmpty()) {
            return;
        }
        Set<String> missing = new TreeSet<>();
        for (String op : Derivatives.functionClasses(families)) {
            if (!covered.contains(op + "Backward")) {
                missing.add(op);
            }
        }
        assertEquals(Set.of(), missing, "ops without a gradchecked case (covered: " + covered + ")");
    }
}
