package dev.flint.core.kernel.pointwise;

import dev.flint.core.kernel.runtime.VectorSupport;

/**
 * Elementwise kernels over one strided row. Callers (the tensor ops) walk the outer dims with
 * {@link StridedLoop}; these loops do the inner dim. A unit-stride or broadcast (stride 0)
 * row goes to the Vector API where the op has a vector form; everything else takes the
 * scalar loop, which is also the reference the vector path is tested against.
 */
public final class Pointwise {
    private Pointwise() {
    }

    /** out[outOff + i] = op(x[xOff + i * xStride]) for i in [0, n). */
    public static void unary(Unary op, float[] x, int xOff, int xStride, float[] out, int outOff, int n) {
        if (VectorSupport.enabled() && xStride == 1 && VectorPointwise.supports(op)) {
            VectorPointwise.unary(op, x, xOff, out, outOff, n);
        } else {
            unaryScalar(op, x, xOff, xStride, out, outOff, n);
        }
    }

    /** Scalar reference of {@link #unary}. */
    public static void unaryScalar(Unary op, float[] x, int xOff, int xStride, float[] out, int outOff, int n) {
        if (op == Unary.IDENTITY) {
            if (xStride == 1) {
                System.arraycopy(x, xOff, out, outOff, n);
            } else {
                for (int i = 0, xi = xOff; i < n; i++, xi += xStride) {
                    out[outOff + i] = x[xi];
                }
            }
            return;
        }
        for (int i = 0, xi = xOff; i < n; i++, xi += xStride) {
            out[outOff + i] = op.apply(x[xi]);
        }
    }

    /** out[outOff + i] = op(a[aOff + i * aStride], b[bOff + i * bStride]) for i in [0, n). */
    public static void binary(Binary op, float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                              float[] out, int outOff, int n) {
        boolean unitOrBroadcast = (aStride == 1 && (bStride == 1 || bStride == 0)) || (aStride == 0 && bStride == 1);
        if (VectorSupport.enabled() && unitOrBroadcast && VectorPointwise.supports(op)) {
            VectorPointwise.binary(op, a, aOff, aStride, b, bOff, bStride, out, outOff, n);
        } else {
            binaryScalar(op, a, aOff, aStride, b, bOff, bStride, out, outOff, n);
        }
    }

    /** Scalar reference of {@link #binary}. */
    public static void binaryScalar(Binary op, float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                                    float[] out, int outOff, int n) {
        for (int i = 0, ai = aOff, bi = bOff; i < n; i++, ai += aStride, bi += bStride) {
            out[outOff + i] = op.apply(a[ai], b[bi]);
        }
    }

    /** out[i] = cond[i] != 0 ? a[i] : b[i] over strided rows (torch.where). */
    public static void where(float[] c, int cOff, int cStride, float[] a, int aOff, int aStride,
                             float[] b, int bOff, int bStride, float[] out, int outOff, int n) {
        for (int i = 0, ci = cOff, ai = aOff, bi = bOff; i < n; i++, ci += cStride, ai += aStride, bi += bStride) {
            out[outOff + i] = c[ci] != 0f ? a[ai] : b[bi];
        }
    }

    /** out[i] = min(max(x[i], lo), hi) with NaN kept (as torch.clamp). */
    public static void clamp(float[] x, int xOff, int xStride, float lo, float hi, float[] out, int outOff, int n) {
        for (int i = 0, xi = xOff; i < n; i++, xi += xStride) {
            float v = x[xi];
            out[outOff + i] = v < lo ? lo : (v > hi ? hi : v);
        }
    }
}
