package dev.flint.core;

import java.util.Arrays;

/** Shape arithmetic shared by every op: broadcasting, strides, dim normalisation, checks. */
final class Shapes {
    private Shapes() {
    }

    static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /** The element count of a shape that a tensor already has (checked when the tensor was made). */
    static int numel(int[] shape) {
        return numel("tensor", shape);
    }

    /**
     * The element count of {@code shape}, or an error naming {@code op} when it exceeds what a
     * tensor can hold. The product is checked as it grows, so no shape can wrap around to a small
     * count (65536^4 is 2^64, which a plain long product makes 0).
     */
    static int numel(String op, int[] shape) {
        long n = 1;
        for (int s : shape) {
            if (s == 0) {
                return 0;
            }
        }
        for (int s : shape) {
            n *= s; // both factors <= 2^31 before the check below, so this cannot overflow a long
            if (n > Integer.MAX_VALUE || n < 0) {
                throw new IllegalArgumentException(op + ": shape " + str(shape) + " has " + elementCount(shape)
                        + " elements; Flint tensors hold at most " + Integer.MAX_VALUE);
            }
        }
        return (int) n;
    }

    /** The exact element count of a shape, however large, for error messages. */
    static java.math.BigInteger elementCount(int[] shape) {
        java.math.BigInteger n = java.math.BigInteger.ONE;
        for (int s : shape) {
            n = n.multiply(java.math.BigInteger.valueOf(s));
        }
        return n;
    }

    static int[] checkShape(String op, int[] shape) {
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException(op + ": negative size in shape " + str(shape));
            }
        }
        numel(op, shape);
        return shape.clone();
    }

    /** Row-major (C-order) strides of a contiguous tensor of this shape. */
    static int[] contiguousStrides(int[] shape) {
        int[] st = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return st;
    }

    /** True when the strides are the row-major strides of the shape (size-1 dims are free). */
    static boolean isContiguous(int[] shape, int[] strides) {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 0) {
                return true;
            }
            if (shape[i] != 1) {
                if (strides[i] != expected) {
                    return false;
                }
                expected *= shape[i];
            }
        }
        return true;
    }

    /** Normalises a possibly negative dim against a rank; names the op in the error. */
    static int dim(String op, int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r) {
            throw new IndexOutOfBoundsException(op + ": dimension " + dim + " out of range for a tensor of rank "
                    + rank + " (expected in [" + (-r) + ", " + (r - 1) + "])");
        }
        return dim < 0 ? dim + r : dim;
    }

    /** Normalises and de-duplicates a dim list; an empty list means every dim. */
    static boolean[] dimMask(String op, int[] dims, int rank) {
        boolean[] mask = new boolean[rank];
        if (dims.length == 0) {
            Arrays.fill(mask, true);
            return mask;
        }
        for (int d : dims) {
            int n = dim(op, d, rank);
            if (rank == 0) {
                continue;
            }
            if (mask[n]) {
                throw new IllegalArgumentException(op + ": dim " + n + " appears more than once in " + Arrays.toString(dims));
            }
            mask[n] = true;
        }
        return mask;
    }

    /** NumPy/PyTorch broadcast of two shapes; names the op and both shapes when they don't fit. */
    static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast (size " + da + " vs " + db + " at dim " + i + " of the result)");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides that read a tensor of (shape, strides) as if it had the larger broadcast shape (0 where expanded). */
    static int[] broadcastStrides(int[] shape, int[] strides, int[] target) {
        int[] out = new int[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            if (i < lead) {
                out[i] = 0;
            } else {
                int s = shape[i - lead];
                out[i] = s == 1 && target[i] != 1 ? 0 : strides[i - lead];
            }
        }
        return out;
    }

    /** Resolves one -1 entry of a requested shape against an element count. */
    static int[] inferShape(String op, int[] requested, int numel, int[] from) {
        int[] shape = requested.clone();
        int infer = -1;
        long known = 1;
        boolean empty = Arrays.stream(requested).anyMatch(v -> v == 0);
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException(op + ": only one dimension can be -1 in " + str(requested));
                }
                infer = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + shape[i] + " in " + str(requested));
            } else {
                known *= shape[i];
                if (!empty && known > Integer.MAX_VALUE) { // larger than any tensor: cannot match, and must not overflow
                    throw new IllegalArgumentException(op + ": shape " + str(requested) + " is invalid for input of shape "
                            + str(from) + " (" + numel + " elements)");
                }
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": shape " + str(requested) + " is invalid for input of shape "
                        + str(from) + " (" + numel + " elements)");
            }
            shape[infer] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": shape " + str(requested) + " is invalid for input of shape "
                    + str(from) + " (" + numel + " elements)");
        }
        return shape;
    }

    /**
     * Strides that view (oldShape, oldStrides) as newShape without copying, or null when the
     * memory layout forbids it (PyTorch's computeStride: chunks of dims that are contiguous with
     * each other may be split or merged freely).
     */
    static int[] viewStrides(int[] oldShape, int[] oldStrides, int[] newShape) {
        int[] newStrides = new int[newShape.length];
        if (numel(oldShape) == 0) {
            return contiguousStrides(newShape);
        }
        int viewD = newShape.length - 1;
        long chunkBase = oldStrides.length == 0 ? 1 : oldStrides[oldStrides.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = oldShape.length - 1; d >= 0; d--) {
            tensorNumel *= oldShape[d];
            if (d == 0 || (oldShape[d - 1] != 1 && oldStrides[d - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStrides[viewD] = (int) (viewNumel * chunkBase);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (d > 0) {
                    chunkBase = oldStrides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        if (viewD != -1) {
            return null;
        }
        return newStrides;
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
