package dev.flint.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API forms of the simple pointwise ops; only loaded when {@link VectorSupport#enabled()}. */
final class VectorPointwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorPointwise() {
    }

    static boolean supports(Unary op) {
        return switch (op) {
            case NEG, ABS, RELU, SQRT -> true;
            default -> false;
        };
    }

    static boolean supports(Binary op) {
        return op != Binary.POW;
    }

    static void unary(Unary op, float[] x, int xOff, float[] out, int outOff, int n) {
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
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector bcastA = aStride == 0 ? FloatVector.broadcast(S, a[aOff]) : null;
        FloatVector bcastB = bStride == 0 ? FloatVector.broadcast(S, b[bOff]) : null;
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i < bound; i += S.length()) {
            FloatVector va = bcastA != null ? bcastA : FloatVector.fromArray(S, a, aOff + i);
            FloatVector vb = bcastB != null ? bcastB : FloatVector.fromArray(S, b, bOff + i);
            FloatVector r = switch (op) {
                case ADD -> va.add(vb);
                case SUB -> va.sub(vb);
                case MUL -> va.mul(vb);
                case DIV -> va.div(vb);
                case MAXIMUM -> va.max(vb);
                case MINIMUM -> va.min(vb);
                case EQ -> zero.blend(one, va.compare(VectorOperators.EQ, vb));
                case NE -> zero.blend(one, va.compare(VectorOperators.NE, vb));
                case LT -> zero.blend(one, va.compare(VectorOperators.LT, vb));
                case LE -> zero.blend(one, va.compare(VectorOperators.LE, vb));
                case GT -> zero.blend(one, va.compare(VectorOperators.GT, vb));
                case GE -> zero.blend(one, va.compare(VectorOperators.GE, vb));
                case MASK_POSITIVE -> zero.blend(va, vb.compare(VectorOperators.GT, 0f));
                default -> throw new IllegalStateException(op.name());
            };
            r.intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = op.apply(a[aOff + i * aStride], b[bOff + i * bStride]);
        }
    }
}
