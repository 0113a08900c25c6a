package dev.flint.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.Tensor;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Parameters listed twice and non-finite gradients: refused with clear errors, never a wrong step. */
class OptimizerReliabilityTest {
    @Test
    void aParameterTwiceInOneGroupIsRefused() {
        Tensor w = Tensor.zeros(2).requiresGrad(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SGD.simple(List.of(w, w), 0.1));
        assertTrue(e.getMessage().contains("parameter 1") && e.getMessage().contains("same tensor as parameter 0"), e.getMessage());
    }

    @Test
    void aParameterInTwoGroupsIsRefused() {
        Tensor w = Tensor.zeros(2).requiresGrad(true);
        Tensor v = Tensor.zeros(3).requiresGrad(true);
        SGD opt = SGD.simple(List.of(w), 0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> opt.addParamGroup(List.of(v, w), Map.of()));
        assertTrue(e.getMessage().contains("more than one group") && e.getMessage().contains("group 0"), e.getMessage());
        assertTrue(opt.paramGroups().size() == 1, "the refused group was not added");
    }

    @Test
    void nonFiniteCheckRefusesTheWholeStep() {
        Tensor a = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        Tensor b = Tensor.of(new float[] {3, 4}).requiresGrad(true);
        Adam opt = new Adam(List.of(a, b), 0.1);
        opt.nonFiniteCheck(true);
        a.mul(2f).sum().add(b.log().mul(Tensor.of(new float[] {0f, Float.POSITIVE_INFINITY})).sum()).backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, opt::step);
        assertTrue(e.getMessage().contains("parameter 1 of group 0") && e.getMessage().contains("[2]"), e.getMessage());
        assertArrayEquals(new float[] {1, 2}, a.toArray(), "no parameter moved, not even the finite one before it");
        assertArrayEquals(new float[] {3, 4}, b.toArray());
        opt.nonFiniteCheck(false);
        opt.step(); // off: the step is taken (as torch.optim does)
        assertTrue(a.toArray()[0] < 1f);
    }
}
