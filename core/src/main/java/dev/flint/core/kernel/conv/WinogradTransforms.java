package dev.flint.core.kernel.conv;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of {@link Winograd}: the input transform V = B^T d B and the output transform
 * Y = A^T m A of F(2x2, 3x3), one lane per tile. With
 * <pre>
 *   B^T = | 1  0 -1  0 |      A^T = | 1  1  1  0 |
 *         | 0  1  1  0 |            | 0  1 -1 -1 |
 *         | 0 -1  1  0 |
 *         | 0  1  0 -1 |
 * </pre>
 * Neighbouring tiles of a row start two input columns apart, so the input arrives de-interleaved
 * (even and odd columns of each padded row in separate runs, {@link Winograd}) and tile t's four
 * columns are even[t], odd[t], even[t + 1], odd[t + 1]: unit-stride vector loads. The last vector
 * of a row overlaps the one before it instead of running masked (masked loads are slow here).
 * Only loaded when {@link dev.flint.core.kernel.runtime.VectorSupport#enabled() VectorSupport.enabled()}.
 */
final class WinogradTransforms {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Lane i takes column 2i (odd: 2i + 1) of a pair of vectors; indexes past L select from the second. */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, i -> 2 * i);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(S, i -> 2 * i + 1);
    /** The inverse: lanes alternate between two vectors, from their first half (LO) or second (HI). */
    private static final VectorShuffle<Float> ZIP_LO = VectorShuffle.fromOp(S, i -> (i & 1) == 0 ? i / 2 : L + i / 2);
    private static final VectorShuffle<Float> ZIP_HI = VectorShuffle.fromOp(S, i -> (i & 1) == 0 ? L / 2 + i / 2 : L + L / 2 + i / 2);

    private WinogradTransforms() {
    }

    /**
     * One input row x[src .. src + w) into a padded row's even and odd runs: input column ix is
     * padded column ix + pad, which goes to run (ix + pad) % 2 at (ix + pad) / 2. Two vectors at a
     * time, split by the even/odd shuffles (the scalar stride-2 copy was a tenth of a convolution).
     */
    static void deinterleaveRow(float[] x, int src, int w, int pad, float[] img, int even, int odd) {
        int ix = 0;
        if ((pad & 1) == 1) {
            img[odd + (pad >> 1)] = x[src]; // column 0 on an odd padded column; from here the pairs line up
            ix = 1;
        }
        for (; ix + 2 * L <= w; ix += 2 * L) {
            FloatVector lo = FloatVector.fromArray(S, x, src + ix);
            FloatVector hi = FloatVector.fromArray(S, x, src + ix + L);
            int col = (ix + pad) >> 1;
            lo.rearrange(EVEN, hi).intoArray(img, even + col);
            lo.rearrange(ODD, hi).intoArray(img, odd + col);
        }
        for (; ix < w; ix++) {
            int px = ix + pad;
            img[((px & 1) == 0 ? even : odd) + (px >> 1)] = x[src + ix];
        }
    }

    /** The inverse of {@link #deinterleaveRow} without padding: out[dst + 2i] = y[even + i], out[dst + 2i + 1] = y[odd + i], for ow outputs. */
    static void interleaveRow(float[] y, int even, int odd, float[] out, int dst, int ow) {
        int i = 0;
        for (; 2 * i + 2 * L <= ow; i += L) {
            FloatVector e = FloatVector.fromArray(S, y, even + i);
            FloatVector o = FloatVector.fromArray(S, y, odd + i);
            e.rearrange(ZIP_LO, o).intoArray(out, dst + 2 * i);
            e.rearrange(ZIP_HI, o).intoArray(out, dst + 2 * i + L);
        }
        for (int ox = 2 * i; ox < ow; ox++) {
            out[dst + ox] = y[((ox & 1) == 0 ? even : odd) + (ox >> 1)];
        }
    }

    /**
     * Input transform of channels [c0, c1) of one block: {@code img} holds, per channel, {@code rows}
     * padded rows, each as an even run then an odd run of {@code half} floats; tile row tr's tiles
     * read rows 2tr .. 2tr + 3. Writes v[xi][c][tr * cols + t] for xi = 4i + j (tile position i,
     * j of B^T d B), {@code cols} = tiles per row (>= lanes), {@code tileRows} rows of tiles,
     * {@code tiles} = tileRows * cols per channel, {@code channels} in all.
     */
    static void input(float[] img, int rows, int half, int cols, int tileRows, int channels, int c0, int c1, float[] v) {
        int tiles = tileRows * cols;
        int xiStride = channels * tiles;
        int rowStride = 2 * half;
        for (int c = c0; c < c1; c++) {
            for (int tr = 0; tr < tileRows; tr++) {
                int r0 = (c * rows + 2 * tr) * rowStride;
                int r1 = r0 + rowStride;
                int r2 = r1 + rowStride;
                int r3 = r2 + rowStride;
                int dst = c * tiles + tr * cols;
                for (int t0 = 0; t0 < cols; t0 += L) {
                    int t = Math.min(t0, cols - L);
                    // d B along each row: (d0 - d2, d1 + d2, d2 - d1, d1 - d3)
                    FloatVector e0 = FloatVector.fromArray(S, img, r0 + t);
                    FloatVector e1 = FloatVector.fromArray(S, img, r0 + t + 1);
                    FloatVector o0 = FloatVector.fromArray(S, img, r0 + half + t);
                    FloatVector o1 = FloatVector.fromArray(S, img, r0 + half + t + 1);
                    FloatVector a00 = e0.sub(e1);
                    FloatVector a01 = o0.add(e1);
                    FloatVector a02 = e1.sub(o0);
                    FloatVector a03 = o0.sub(o1);
                    e0 = FloatVector.fromArray(S, img, r1 + t);
                    e1 = FloatVector.fromArray(S, img, r1 + t + 1);
                    o0 = FloatVector.fromArray(S, img, r1 + half + t);
                    o1 = FloatVector.fromArray(S, img, r1 + half + t + 1);
                    FloatVector a10 = e0.sub(e1);
                    FloatVector a11 = o0.add(e1);
                    FloatVector a12 = e1.sub(o0);
                    FloatVector a13 = o0.sub(o1);
                    e0 = FloatVector.fromArray(S, img, r2 + t);
                    e1 = FloatVector.fromArray(S, img, r2 + t + 1);
                    o0 = FloatVector.fromArray(S, img, r2 + half + t);
                    o1 = FloatVector.fromArray(S, img, r2 + half + t + 1);
                    FloatVector a20 = e0.sub(e1);
                    FloatVector a21 = o0.add(e1);
                    FloatVector a22 = e1.sub(o0);
                    FloatVector a23 = o0.sub(o1);
                    e0 = FloatVector.fromArray(S, img, r3 + t);
                    e1 = FloatVector.fromArray(S, img, r3 + t + 1);
                    o0 = FloatVector.fromArray(S, img, r3 + half + t);
                    o1 = FloatVector.fromArray(S, img, r3 + half + t + 1);
                    FloatVector a30 = e0.sub(e1);
                    FloatVector a31 = o0.add(e1);
                    FloatVector a32 = e1.sub(o0);
                    FloatVector a33 = o0.sub(o1);
                    // B^T (d B) down each column: rows (r0 - r2, r1 + r2, r2 - r1, r1 - r3)
                    int at = dst + t;
                    a00.sub(a20).intoArray(v, at);
                    a01.sub(a21).intoArray(v, at + xiStride);
                    a02.sub(a22).intoArray(v, at + 2 * xiStride);
                    a03.sub(a23).intoArray(v, at + 3 * xiStride);
                    a10.add(a20).intoArray(v, at + 4 * xiStride);
                    a11.add(a21).intoArray(v, at + 5 * xiStride);
                    a12.add(a22).intoArray(v, at + 6 * xiStride);
                    a13.add(a23).intoArray(v, at + 7 * xiStride);
                    a20.sub(a10).intoArray(v, at + 8 * xiStride);
                    a21.sub(a11).intoArray(v, at + 9 * xiStride);
                    a22.sub(a12).intoArray(v, at + 10 * xiStride);
                    a23.sub(a13).intoArray(v, at + 11 * xiStride);
                    a10.sub(a30).intoArray(v, at + 12 * xiStride);
                    a11.sub(a31).intoArray(v, at + 13 * xiStride);
                    a12.sub(a32).intoArray(v, at + 14 * xiStride);
                    a13.sub(a33).intoArray(v, at + 15 * xiStride);
                }
            }
        }
    }

    /**
     * Output transform of output channels [k0, k1): m[xi][k][tr * cols + t] (the 16 products) to
     * y[k][row][parity][t], the tile's 2x2 outputs at rows 2tr, 2tr + 1 and parity 0 (even output
     * column 2t) or 1 (odd, 2t + 1); each (row, parity) run is {@code cols} floats.
     */
    static void output(float[] m, int cols, int tileRows, int channels, int k0, int k1, float[] y) {
        int tiles = tileRows * cols;
        int xiStride = channels * tiles;
        for (int k = k0; k < k1; k++) {
            for (int tr = 0; tr < tileRows; tr++) {
                int src = k * tiles + tr * cols;
                int even0 = (k * 2 * tileRows + 2 * tr) * 2 * cols;
                int even1 = even0 + 2 * cols;
                for (int t0 = 0; t0 < cols; t0 += L) {
                    int t = Math.min(t0, cols - L);
                    int at = src + t;
                    // A^T m down each column j: s0j = m0j + m1j + m2j, s1j = m1j - m2j - m3j
                    FloatVector s00 = col0(m, at, xiStride, 0);
                    FloatVector s10 = col1(m, at, xiStride, 0);
                    FloatVector s01 = col0(m, at, xiStride, 1);
                    FloatVector s11 = col1(m, at, xiStride, 1);
                    FloatVector s02 = col0(m, at, xiStride, 2);
                    FloatVector s12 = col1(m, at, xiStride, 2);
                    FloatVector s03 = col0(m, at, xiStride, 3);
                    FloatVector s13 = col1(m, at, xiStride, 3);
                    // (A^T m) A along each row: (s0 + s1 + s2, s1 - s2 - s3)
                    s00.add(s01).add(s02).intoArray(y, even0 + t);
                    s01.sub(s02).sub(s03).intoArray(y, even0 + cols + t);
                    s10.add(s11).add(s12).intoArray(y, even1 + t);
                    s11.sub(s12).sub(s13).intoArray(y, even1 + cols + t);
                }
            }
        }
    }

    /**
     * Output-gradient transform dM = A dY A^T of tile rows [r0, r1), one lane per output channel:
     * gyt holds the block's output gradient channels last ({@code Winograd.channelsLast}), dm
     * receives dm[xi][tr * cols + t][o] ({@code channels} a multiple of the lanes). A dY stacks
     * the rows (y0, y0 + y1, y0 - y1, -y1); times A^T turns each row (p, q) into (p, p + q, p - q, -q).
     */
    static void outputGrad(float[] gyt, int cols, int tileRows, int channels, int r0, int r1, float[] dm) {
        int xiStride = tileRows * cols * channels;
        int rowStride = 2 * cols * channels;
        int odd = cols * channels;
        for (int tr = r0; tr < r1; tr++) {
            for (int t = 0; t < cols; t++) {
                int src = 2 * tr * rowStride + t * channels;
                int dst = (tr * cols + t) * channels;
                for (int o = 0; o < channels; o += L) {
                    FloatVector y00 = FloatVector.fromArray(S, gyt, src + o);
                    FloatVector y01 = FloatVector.fromArray(S, gyt, src + odd + o);
                    FloatVector y10 = FloatVector.fromArray(S, gyt, src + rowStride + o);
                    FloatVector y11 = FloatVector.fromArray(S, gyt, src + rowStride + odd + o);
                    int at = dst + o;
                    // row 0: (y00, y01); row 1: (y00 + y10, y01 + y11); row 2: (y00 - y10, y01 - y11); row 3: -(y10, y11)
                    rowTimesAt(y00, y01, dm, at, xiStride, 0);
                    rowTimesAt(y00.add(y10), y01.add(y11), dm, at, xiStride, 4);
                    rowTimesAt(y00.sub(y10), y01.sub(y11), dm, at, xiStride, 8);
                    rowTimesAt(y10.neg(), y11.neg(), dm, at, xiStride, 12);
                }
            }
        }
    }

    /** Row (p, q) of A dY times A^T: (p, p + q, p - q, -q) at positions xi0 .. xi0 + 3. */
    private static void rowTimesAt(FloatVector p, FloatVector q, float[] dm, int at, int xiStride, int xi0) {
        p.intoArray(dm, at + xi0 * xiStride);
        p.add(q).intoArray(dm, at + (xi0 + 1) * xiStride);
        p.sub(q).intoArray(dm, at + (xi0 + 2) * xiStride);
        q.neg().intoArray(dm, at + (xi0 + 3) * xiStride);
    }

    /** m0j + m1j + m2j at {@code at} (xi = 4i + j). */
    private static FloatVector col0(float[] m, int at, int xiStride, int j) {
        return FloatVector.fromArray(S, m, at + j * xiStride)
                .add(FloatVector.fromArray(S, m, at + (4 + j) * xiStride))
                .add(FloatVector.fromArray(S, m, at + (8 + j) * xiStride));
    }

    /** m1j - m2j - m3j at {@code at}. */
    private static FloatVector col1(float[] m, int at, int xiStride, int j) {
        return FloatVector.fromArray(S, m, at + (4 + j) * xiStride)
                .sub(FloatVector.fromArray(S, m, at + (8 + j) * xiStride))
                .sub(FloatVector.fromArray(S, m, at + (12 + j) * xiStride));
    }
}
