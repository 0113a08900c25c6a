package dev.flint.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The checker itself: it must pass correct backwards and fail planted wrong ones. */
class GradCheckTest {
    private static final Generator RNG = new Generator(7);

    /** sigmoid with a planted wrong derivative: s instead of s(1-s). */
    static final class WrongSigmoid extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            Tensor s = in[0].sigmoid();
            saveForBackward(s);
            return s;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(savedTensors()[0])};
        }
    }

    /** x * y whose backward is right but 1% too large for y: a subtle error. */
    static final class SlightlyWrongMul extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            saveForBackward(in[0], in[1]);
            return in[0].mul(in[1]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor[] s = savedTensors();
            return new Tensor[] {g.mul(s[1]), g.mul(s[0]).mul(1.01f)};
        }
    }

    /** The correct square, for contrast. */
    static class Square extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            saveForBackward(in[0]);
            return in[0].mul(in[0]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(savedTensors()[0]).mul(2f)};
        }
    }

    /** Square whose backward sends each element's (correct) gradient to its neighbour. */
    static final class PermutedGrad extends Square {
        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor right = super.backward(g)[0];
            int n = right.numel();
            int[] rolled = new int[n];
            for (int i = 0; i < n; i++) {
                rolled[i] = (i + 1) % n;
            }
            return new Tensor[] {right.indexSelect(0, rolled)};
        }
    }

    @Test
    void passesACorrectCustomFunction() {
        Tensor x = Tensor.randn(RNG, 6).requiresGrad(true);
        assertTrue(GradCheck.run(in -> new Square().apply(in[0]), GradCheck.Options.defaults(), x).passed());
    }

    @Test
    void failsAWrongDerivative() {
        Tensor x = Tensor.randn(RNG, 3, 4).requiresGrad(true);
        GradCheck.Result r = GradCheck.run(in -> new WrongSigmoid().apply(in[0]), GradCheck.Options.defaults(), x);
        assertFalse(r.passed(), r.report());
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.check(in -> new WrongSigmoid().apply(in[0]), x));
        assertTrue(e.getMessage().contains("numerical"), e.getMessage());
    }

    @Test
    void failsAOnePercentError() {
        Tensor x = Tensor.randn(RNG, 5).requiresGrad(true);
        Tensor y = Tensor.randn(RNG, 5).add(2f).requiresGrad(true);
        assertFalse(GradCheck.run(in -> new SlightlyWrongMul().apply(in[0], in[1]), GradCheck.Options.defaults(), x, y).passed());
    }

    @Test
    void failsGradientsSentToTheWrongElements() {
        Tensor x = Tensor.randn(RNG, 5).requiresGrad(true);
        assertFalse(GradCheck.run(in -> new PermutedGrad().apply(in[0]), GradCheck.Options.defaults(), x).passed());
    }

    @Test
    void checksOnlyInputsThatRequireGrad() {
        Tensor x = Tensor.randn(RNG, 4).requiresGrad(true);
        Tensor c = Tensor.randn(RNG, 4);
        GradCheck.Result r = GradCheck.run(in -> in[0].mul(in[1]), GradCheck.Options.defaults(), x, c);
        assertTrue(r.passed(), r.report());
        assertTrue(r.checked() == 4);
        assertThrows(IllegalArgumentException.class, () -> GradCheck.check(in -> in[0].exp(), c));
    }

    @Test
    void leavesTheCallersInputsUntouched() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}).requiresGrad(true);
        GradCheck.check(in -> in[0].exp(), x);
        assertTrue(x.grad() == null);
        assertTrue(java.util.Arrays.equals(new float[] {1, 2, 3}, x.toArray()));
    }
}
