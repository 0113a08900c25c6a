package dev.flint.core.kernel.pointwise;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API forms of the simple pointwise ops; only loaded when {@link dev.flint.core.kernel.runtime.VectorSupport#enabled() VectorSupport.enabled()}. */
final class VectorPointwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorPointwise() {
    }

    static boolean supports(Unary op) {
        return switch (op) {
            // EXP, LOG, TANH, SIGMOID: VectorMath, bit-equal to the scalar definitions. Not the
            // JDK's VectorOperators.EXP etc.: those are SVML once C2 compiles them and Math per
            // lane before, so results changed with JIT warm-up.
            case NEG, ABS, RELU, SQRT, EXP, LOG, TANH, SIGMOID -> true;
            default -> false;
        };
    }

    static boolean supports(Binary op) {
        return op != Binary.POW;
    }

    static void unary(Unary op, float[] x, int xOff, float[] out, int outOff, int n) {
        switch (op) {
            case EXP -> VectorMath.exp(x, xOff, out, outOff, n);
            case LOG -> VectorMath.log(x, xOff, out, outOff, n);
            case TANH -> VectorMath.tanh(x, xOff, out, outOff, n);
            case SIGMOID -> VectorMath.sigmoid(x, xOff, out, outOff, n);
            default -> simpleUnary(op, x, xOff, out, outOff, n);
        }
    }

    private static void simpleUnary(Unary op, float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector r = switch (op) {
                case NEG -> v.neg();
                case ABS -> v.abs();
                case RELU -> v.max(0f);
                case SQRT -> v.sqrt();
                default -> throw new IllegalStateException(op.name());
            };
            r.intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = op.apply(x[xOff + i]);
        }
    }

    /** One of the strides is 1, the other 1 or 0 (a broadcast scalar). */
    static void binary(Binary op, float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                       float[] out, int outOff, int n) {
        int bound = aStride == 0 && bStride == 0 ? 0 : S.loopBound(n);
        // The op's switch sits inside the loop, in this method: as a method of its own taking and
        // returning vectors it was too large to inline once compiled, so every call boxed its
        // vectors and ran the Vector API's Java fallback (380 MB of garbage per ResNet-18 training
        // step). A broadcast operand is broadcast on every step rather than hoisted into a nullable
        // variable: a loop that chose between a nullable pre-broadcast vector and a load crashed
        // C2-compiled code once (JDK 25.0.3, a halt reached in this method during the test suite).
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector va = aStride == 0 ? FloatVector.broadcast(S, a[aOff]) : FloatVector.fromArray(S, a, aOff + i);
            FloatVector vb = bStride == 0 ? FloatVector.broadcast(S, b[bOff]) : FloatVector.fromArray(S, b, bOff + i);
            FloatVector r = switch (op) {
                case ADD -> va.add(vb);
                case SUB -> va.sub(vb);
                case MUL -> va.mul(vb);
                case DIV -> va.div(vb);
                case MAXIMUM -> va.max(vb);
                case MINIMUM -> va.min(vb);
                case EQ -> select(va.compare(VectorOperators.EQ, vb));
                case NE -> select(va.compare(VectorOperators.NE, vb));
                case LT -> select(va.compare(VectorOperators.LT, vb));
                case LE -> select(va.compare(VectorOperators.LE, vb));
                case GT -> select(va.compare(VectorOperators.GT, vb));
                case GE -> select(va.compare(VectorOperators.GE, vb));
                case MASK_POSITIVE -> FloatVector.zero(S).blend(va, vb.compare(VectorOperators.GT, 0f));
                default -> throw new IllegalStateException(op.name());
            };
            r.intoArray(out, outOff + i);
        }
        for (int i = bound; i < n; i++) {
            out[outOff + i] = op.apply(a[aOff + i * aStride], b[bOff + i * bStride]);
        }
    }

    /** 1 where the mask is set, else 0. */
    private static FloatVector select(jdk.incubator.vector.VectorMask<Float> m) {
        return FloatVector.zero(S).blend(FloatVector.broadcast(S, 1f), m);
    }
}
