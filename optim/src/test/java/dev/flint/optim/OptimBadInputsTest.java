package dev.flint.optim;

import static dev.flint.core.testing.BadInput.ARG;
import static dev.flint.core.testing.BadInput.NULL;
import static dev.flint.core.testing.BadInput.STATE;
import static dev.flint.core.testing.BadInput.bad;

import dev.flint.core.Tensor;
import dev.flint.core.testing.BadInput;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The catalogue of bad optimizer, scheduler and clipping arguments: each a clear error, never a silently wrong step. */
class OptimBadInputsTest {
    private static List<Tensor> params() {
        return List.of(Tensor.zeros(2).requiresGrad(true));
    }

    private static SGD sgd() {
        return SGD.simple(params(), 0.1);
    }

    static Stream<BadInput> catalogue() {
        return Stream.of(
                bad("SGD: negative lr", ARG, "SGD: invalid lr -0.1", () -> SGD.simple(params(), -0.1)),
                bad("SGD: NaN lr", ARG, "SGD: invalid lr NaN", () -> SGD.simple(params(), Double.NaN)),
                bad("SGD: negative momentum", ARG, "SGD: invalid momentum -0.9", () -> SGD.momentum(params(), 0.1, -0.9)),
                bad("SGD: nesterov without momentum", ARG, "SGD: nesterov momentum requires a momentum and zero dampening",
                        () -> new SGD(params(), 0.1, 0, 0, 0, true)),
                bad("SGD: negative weight decay", ARG, "SGD: invalid weight_decay -1.0", () -> new SGD(params(), 0.1, 0, 0, -1, false)),
                bad("SGD: no parameters", ARG, "SGD: got an empty parameter list", () -> SGD.simple(List.of(), 0.1)),
                bad("SGD: null parameter list", NULL, "SGD: the parameter list is null", () -> SGD.simple(null, 0.1)),
                bad("SGD: a non-leaf parameter", ARG, "SGD: can't optimize a non-leaf tensor (one computed by MulBackward) of shape [2]",
                        () -> SGD.simple(List.of(Tensor.zeros(2).requiresGrad(true).mul(2f)), 0.1)),
                bad("SGD: a parameter twice", ARG, "SGD: parameter 1 (shape [2]) is the same tensor as parameter 0 of the group", () -> {
                    Tensor x = Tensor.zeros(2).requiresGrad(true);
                    SGD.simple(List.of(x, x), 0.1);
                }),
                bad("SGD: a parameter in two groups", ARG, "SGD:", () -> {
                    List<Tensor> p = params();
                    SGD.simple(p, 0.1).addParamGroup(p, java.util.Map.of());
                }),
                bad("Adam: beta1 of 1", ARG, "Adam: invalid beta1 1.0", () -> new Adam(params(), 1e-3, 1.0, 0.999, 1e-8, 0, false)),
                bad("Adam: negative beta2", ARG, "Adam: invalid beta2 -0.1", () -> new Adam(params(), 1e-3, 0.9, -0.1, 1e-8, 0, false)),
                bad("Adam: negative eps", ARG, "Adam: invalid eps -1.0E-8", () -> new Adam(params(), 1e-3, 0.9, 0.999, -1e-8, 0, false)),
                bad("Adam: negative lr", ARG, "Adam: invalid lr -0.001", () -> new Adam(params(), -1e-3)),
                bad("AdamW: negative weight decay", ARG, "AdamW: invalid weight_decay -0.01", () -> new AdamW(params(), 1e-3, 0.9, 0.999, 1e-8, -0.01, false)),
                bad("step: NaN gradient with nonFiniteCheck", STATE, "SGD.step: the gradient of parameter 0 of group 0 (shape [2]) holds NaN at flat index 0", () -> {
                    Tensor x = Tensor.zeros(2).requiresGrad(true);
                    x.grad(Tensor.of(new float[] {Float.NaN, 0}, 2));
                    SGD o = SGD.simple(List.of(x), 0.1);
                    o.nonFiniteCheck(true);
                    o.step();
                }),
                bad("StepLR: zero step size", ARG, "StepLR: stepSize must be positive, got 0", () -> new StepLR(sgd(), 0, 0.1)),
                bad("StepLR: negative gamma", ARG, "StepLR: gamma must be finite and >= 0, got -0.1", () -> new StepLR(sgd(), 1, -0.1)),
                bad("StepLR: null optimizer", NULL, "StepLR: the optimizer is null", () -> new StepLR(null, 1, 0.1)),
                bad("CosineAnnealingLR: zero period", ARG, "CosineAnnealingLR: tMax must be positive, got 0", () -> new CosineAnnealingLR(sgd(), 0, 0)),
                bad("ExponentialLR: negative gamma", ARG, "ExponentialLR: gamma must be finite and >= 0, got -0.5", () -> new ExponentialLR(sgd(), -0.5)),
                bad("ExponentialLR: NaN gamma", ARG, "ExponentialLR: gamma must be finite and >= 0, got NaN", () -> new ExponentialLR(sgd(), Double.NaN)),
                bad("clipGradNorm: negative bound", ARG, "clipGradNorm: maxNorm must be >= 0, got -1.0", () -> ClipGrad.clipGradNorm(params(), -1)),
                bad("clipGradNorm: NaN bound", ARG, "clipGradNorm: maxNorm must be >= 0, got NaN", () -> ClipGrad.clipGradNorm(params(), Double.NaN)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void failsClearly(BadInput row) {
        row.check();
    }
}
