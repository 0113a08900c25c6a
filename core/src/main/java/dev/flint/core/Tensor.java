package dev.flint.core;

import dev.flint.core.kernel.pointwise.Binary;
import dev.flint.core.kernel.pointwise.Pointwise;
import dev.flint.core.kernel.pointwise.StridedLoop;
import dev.flint.core.kernel.pointwise.Unary;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A strided float32 tensor with reverse-mode autograd, shaped after {@code torch.Tensor}.
 *
 * <p><b>Layout.</b> Elements live in a {@link Storage} (a heap {@code float[]}); element
 * {@code (i0, i1, ...)} is at {@code storageOffset() + sum(ik * stride()[k])}. View ops
 * ({@link #view}, {@link #reshape} where possible, {@link #transpose}, {@link #permute},
 * {@link #narrow}, {@link #slice}, {@link #select}, {@link #expand}, {@link #squeeze},
 * {@link #unsqueeze}, {@link #flatten}) return tensors that share the storage and never copy.
 * Negative dims count from the end.
 *
 * <p><b>Autograd.</b> An op on tensors of which one {@link #requiresGrad()} records a graph node
 * (unless inside {@link Autograd#noGrad()}); {@link #backward()} accumulates into the
 * {@link #grad()} of the leaves. Ops live in small {@link Function} classes (forward and
 * backward side by side); the loops live in {@code dev.flint.core.kernel}.
 *
 * <p><b>Threads.</b> A tensor is not synchronised: share it read-only, or confine it to a thread.
 * Grad mode is per thread.
 */
public final class Tensor {
    final Storage storage;
    final int[] shape;
    final int[] strides;
    final int offset;
    boolean requiresGrad;
    Function gradFn;
    private Tensor grad;
    private AccumulateGrad accumulator;

    Tensor(Storage storage, int[] shape, int[] strides, int offset) {
        Shapes.numel(shape); // every tensor's element count fits an int, so numel() can never wrap
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /** A new contiguous tensor of this shape, filled with zeros (for op implementations; shape unchecked). */
    static Tensor alloc(int[] shape) {
        return new Tensor(Storage.allocate(Shapes.numel(shape), true), shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    /** As {@link #alloc} but with unspecified contents, for ops that overwrite every element. */
    static Tensor allocUninit(int[] shape) {
        return new Tensor(Storage.allocate(Shapes.numel(shape), false), shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    /** The storage array (throws if the storage was released by its {@link MemoryScope}). */
    float[] data() {
        return storage.array();
    }

    // ---------------------------------------------------------------- factories

    /** A tensor holding a copy of {@code data} with the given shape; no shape means 1-D. */
    public static Tensor of(float[] data, int... shape) {
        Objects.requireNonNull(data, "Tensor.of: data is null");
        int[] sh = shape.length == 0 ? new int[] {data.length} : Shapes.checkShape("Tensor.of", shape);
        if (Shapes.numel(sh) != data.length) {
            throw new IllegalArgumentException("Tensor.of: " + data.length + " values do not fill shape "
                    + Shapes.str(sh) + " (" + Shapes.numel(sh) + " elements)");
        }
        return new Tensor(new Storage(data.clone()), sh, Shapes.contiguousStrides(sh), 0);
    }

    /**
     * A tensor over {@code data} itself, without copying: the caller hands the array over and must
     * not write it afterwards except through the tensor. For kernels and custom ops that fill an
     * array and return it as a tensor.
     */
    public static Tensor wrap(float[] data, int... shape) {
        Objects.requireNonNull(data, "Tensor.wrap: data is null");
        int[] sh = Shapes.checkShape("Tensor.wrap", shape);
        if (Shapes.numel(sh) != data.length) {
            throw new IllegalArgumentException("Tensor.wrap: " + data.length + " values do not fill shape "
                    + Shapes.str(sh) + " (" + Shapes.numel(sh) + " elements)");
        }
        return new Tensor(new Storage(data), sh, Shapes.contiguousStrides(sh), 0);
    }

    /** A 0-dim tensor holding one value. */
    public static Tensor scalar(float value) {
        return new Tensor(new Storage(new float[] {value}), new int[0], new int[0], 0);
    }

    /**
     * A contiguous tensor whose contents are unspecified (torch.empty), for outputs that the caller
     * overwrites completely: zeros when freshly allocated from the heap, stale values when recycled
     * inside a {@link MemoryScope}. Custom ops fill it through {@code storage().array()}.
     */
    public static Tensor empty(int... shape) {
        return allocUninit(Shapes.checkShape("empty", shape));
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return alloc(Shapes.checkShape("zeros", shape));
    }

    /** A tensor of ones. */
    public static Tensor ones(int... shape) {
        return filled("ones", 1f, shape);
    }

    /** A tensor filled with {@code value} (torch.full). */
    public static Tensor full(float value, int... shape) {
        return filled("full", value, shape);
    }

    private static Tensor filled(String op, float value, int[] shape) {
        Tensor t = allocUninit(Shapes.checkShape(op, shape));
        Arrays.fill(t.data(), value);
        return t;
    }

    /** Zeros shaped like {@code other}. */
    public static Tensor zerosLike(Tensor other) {
        return alloc(other.shape);
    }

    /** Ones shaped like {@code other}. */
    public static Tensor onesLike(Tensor other) {
        return full(1f, other.shape);
    }

    /** {@code [0, 1, ..., end-1]}. */
    public static Tensor arange(int end) {
        return arange(0f, end, 1f);
    }

    /** Values from {@code start} (inclusive) to {@code end} (exclusive) in steps of {@code step}, as torch.arange. */
    public static Tensor arange(float start, float end, float step) {
        if (step == 0 || !Float.isFinite(start) || !Float.isFinite(end) || !Float.isFinite(step)
                || (step > 0 && end < start) || (step < 0 && end > start)) {
            throw new IllegalArgumentException("arange: invalid range start=" + start + ", end=" + end + ", step=" + step);
        }
        double count = Math.ceil(((double) end - start) / step);
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("arange: start=" + start + ", end=" + end + ", step=" + step + " gives "
                    + (long) count + " elements; Flint tensors hold at most " + Integer.MAX_VALUE);
        }
        int n = (int) count;
        Tensor t = allocUninit(new int[] {n});
        float[] d = t.data();
        for (int i = 0; i < n; i++) {
            d[i] = (float) (start + (double) i * step);
        }
        return t;
    }

    /** Uniform samples in [0, 1) from {@code rng}. */
    public static Tensor rand(RandomGenerator rng, int... shape) {
        Tensor t = allocUninit(Shapes.checkShape("rand", shape));
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextFloat();
        }
        return t;
    }

    /** Standard-normal samples from {@code rng}. */
    public static Tensor randn(RandomGenerator rng, int... shape) {
        Tensor t = allocUninit(Shapes.checkShape("randn", shape));
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rng.nextGaussian();
        }
        return t;
    }

    /** Uniform samples in [0, 1) from the seedable default generator ({@link Generator#manualSeed}). */
    public static Tensor rand(int... shape) {
        return rand(Generator.defaultGenerator(), shape);
    }

    /** Standard-normal samples from the seedable default generator ({@link Generator#manualSeed}). */
    public static Tensor randn(int... shape) {
        return randn(Generator.defaultGenerator(), shape);
    }

    // ---------------------------------------------------------------- accessors

    /** The sizes of the dims (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of one dim. */
    public int size(int dim) {
        return shape[Shapes.dim("size", dim, shape.length)];
    }

    /** Element strides of the dims (a copy). */
    public int[] stride() {
        return strides.clone();
    }

    /** Element stride of one dim. */
    public int stride(int dim) {
        return strides[Shapes.dim("stride", dim, shape.length)];
    }

    /** Index in the storage of element (0, ..., 0). */
    public int storageOffset() {
        return offset;
    }

    /** The shared storage (for kernels and custom ops). */
    public Storage storage() {
        return storage;
    }

    /** Number of dims. */
    public int dim() {
        return shape.length;
    }

    /** Number of elements. */
    public int numel() {
        return Shapes.numel(shape);
    }

    /** True when elements are laid out row-major without gaps. */
    public boolean isContiguous() {
        return Shapes.isContiguous(shape, strides);
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: a tensor of shape " + Shapes.str(shape)
                    + " has " + numel() + " elements; item() needs exactly one");
        }
        return data()[offset];
    }

    /** The element at a full index (negative indices count from the end). */
    public float get(int... index) {
        return data()[elementOffset("get", index)];
    }

    /** The elements in row-major order, as a new array. */
    public float[] toArray() {
        return isContiguous() ? Arrays.copyOfRange(data(), offset, offset + numel()) : copy().data();
    }

    /**
     * The elements in row-major order, for kernels: the storage array itself when this tensor is
     * contiguous and covers it exactly from index 0, else a fresh copy. Treat it as read-only.
     */
    public float[] denseData() {
        float[] data = data();
        if (offset == 0 && data.length == numel() && isContiguous()) {
            return data;
        }
        return toArray();
    }

    private int elementOffset(String op, int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(op + ": index " + Arrays.toString(index) + " has " + index.length
                    + " entries for a tensor of shape " + Shapes.str(shape));
        }
        int o = offset;
        for (int d = 0; d < index.length; d++) {
            int i = index[d] < 0 ? index[d] + shape[d] : index[d];
            if (i < 0 || i >= shape[d]) {
                throw new IndexOutOfBoundsException(op + ": index " + Arrays.toString(index) + " is out of bounds for shape "
                        + Shapes.str(shape) + " (dim " + d + ")");
            }
            o += i * strides[d];
        }
        return o;
    }

    // ---------------------------------------------------------------- autograd state

    /** True when gradients flow to (or through) this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf as needing a gradient (or not); returns this. */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null && !value) {
            throw new IllegalStateException("requiresGrad: cannot turn off grad on a non-leaf tensor (output of "
                    + gradFn.name() + "); use detach()");
        }
        requiresGrad = value;
        return this;
    }

    /** True for tensors not produced by a recorded op. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Name of the graph node that produced this tensor, e.g. {@code MulBackward}, or null for a leaf. */
    public String gradFnName() {
        return gradFn == null ? null : gradFn.name();
    }

    /** The accumulated gradient of a leaf, or null before any backward (or after {@link #zeroGrad()}). */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient; null clears it. Its shape must match. */
    public void grad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape)) {
            throw new IllegalArgumentException("grad: gradient of shape " + Shapes.str(g.shape)
                    + " does not match tensor of shape " + Shapes.str(shape));
        }
        grad = g;
    }

    void setGrad(Tensor g) {
        grad = g;
    }

    /** Clears the gradient (sets it to null, as PyTorch's default {@code set_to_none=True}). */
    public void zeroGrad() {
        grad = null;
    }

    /**
     * Clears the gradient: to null when {@code setToNone} (PyTorch's default), else by filling the
     * existing gradient with zeros so that the next backward accumulates into the same buffer
     * (PyTorch's {@code set_to_none=False}; no allocation per step).
     */
    public void zeroGrad(boolean setToNone) {
        if (setToNone || grad == null) {
            grad = null;
        } else {
            grad.zero_();
        }
    }

    /** A tensor sharing this storage, cut from the graph. */
    public Tensor detach() {
        return new Tensor(storage, shape, strides, offset);
    }

    Tensor alias() {
        return new Tensor(storage, shape, strides, offset);
    }

    AccumulateGrad accumulator() {
        if (accumulator == null) {
            accumulator = new AccumulateGrad(this);
        }
        return accumulator;
    }

    /** Backpropagates from a one-element tensor (d self = 1). */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward: grad can be implicitly created only for one-element outputs; "
                    + "this tensor has shape " + Shapes.str(shape) + ". Pass a gradient: backward(gradient)");
        }
        backward(onesLike(this), false);
    }

    /** Backpropagates {@code gradient} (shaped like this tensor). */
    public void backward(Tensor gradient) {
        backward(gradient, false);
    }

    /** Backpropagates {@code gradient}; {@code retainGraph} keeps the graph for another backward. */
    public void backward(Tensor gradient, boolean retainGraph) {
        if (!Arrays.equals(gradient.shape, shape)) {
            throw new IllegalArgumentException("backward: gradient of shape " + Shapes.str(gradient.shape)
                    + " does not match output of shape " + Shapes.str(shape));
        }
        Engine.backward(this, gradient.detach(), retainGraph);
    }

    // ---------------------------------------------------------------- views (share storage)

    /** A view with a new shape (one entry may be -1); fails when the strides do not allow a view. */
    public Tensor view(int... newShape) {
        return new ViewOps.Reshape("view", newShape, true).apply(this);
    }

    /** A view with a new shape where the strides allow one, else a contiguous copy (as torch.reshape). */
    public Tensor reshape(int... newShape) {
        return new ViewOps.Reshape("reshape", newShape, false).apply(this);
    }

    /** Swaps two dims. */
    public Tensor transpose(int dim0, int dim1) {
        int r = shape.length;
        int a = Shapes.dim("transpose", dim0, r);
        int b = Shapes.dim("transpose", dim1, r);
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) {
            perm[i] = i;
        }
        if (r > 0) {
            perm[a] = b;
            perm[b] = a;
        }
        return permute(perm);
    }

    /** Transpose of a tensor of rank at most 2. */
    public Tensor t() {
        if (shape.length > 2) {
            throw new IllegalArgumentException("t: expects a tensor of rank <= 2, got shape " + Shapes.str(shape));
        }
        return shape.length < 2 ? this : transpose(0, 1);
    }

    /** Reorders the dims: dim i of the result is dim {@code dims[i]} of this tensor. */
    public Tensor permute(int... dims) {
        return new ViewOps.Permute(dims).apply(this);
    }

    /** The {@code length} entries of {@code dim} starting at {@code start}. */
    public Tensor narrow(int dim, int start, int length) {
        int d = Shapes.dim("narrow", dim, shape.length);
        int s = start < 0 ? start + shape[d] : start;
        if (s < 0 || s > shape[d] || length < 0 || length > shape[d] - s) { // no s + length: it can overflow
            throw new IndexOutOfBoundsException("narrow: start " + start + " and length " + length
                    + " exceed dim " + d + " of size " + shape[d] + " (shape " + Shapes.str(shape) + ")");
        }
        return new ViewOps.Slice(d, s, s + length, 1).apply(this);
    }

    /** Python's {@code x[..., start:end:step, ...]} on one dim; bounds clamp as in Python. */
    public Tensor slice(int dim, int start, int end, int step) {
        int d = Shapes.dim("slice", dim, shape.length);
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        int n = shape[d];
        int s = Math.min(Math.max(start < 0 ? start + n : start, 0), n);
        int e = Math.min(Math.max(end < 0 ? end + n : end, s), n);
        return new ViewOps.Slice(d, s, e, step).apply(this);
    }

    /** The slice at {@code index} along {@code dim}, with that dim removed. */
    public Tensor select(int dim, int index) {
        int d = Shapes.dim("select", dim, shape.length);
        int i = index < 0 ? index + shape[d] : index;
        if (i < 0 || i >= shape[d]) {
            throw new IndexOutOfBoundsException("select: index " + index + " out of range for dim " + d
                    + " of size " + shape[d] + " (shape " + Shapes.str(shape) + ")");
        }
        return narrow(d, i, 1).squeeze(d);
    }

    /** A broadcast view with size-1 dims repeated (stride 0); -1 keeps a size; new leading dims may be added. */
    public Tensor expand(int... sizes) {
        return new ViewOps.Expand(sizes).apply(this);
    }

    /** {@link #expand} to another tensor's shape. */
    public Tensor expandAs(Tensor other) {
        return expand(other.shape);
    }

    /** Removes every size-1 dim. */
    public Tensor squeeze() {
        int[] out = Arrays.stream(shape).filter(s -> s != 1).toArray();
        return out.length == shape.length ? this : reshape(out);
    }

    /** Removes {@code dim} if its size is 1 (otherwise returns the tensor unchanged, as PyTorch). */
    public Tensor squeeze(int dim) {
        if (shape.length == 0) {
            Shapes.dim("squeeze", dim, 0);
            return this;
        }
        int d = Shapes.dim("squeeze", dim, shape.length);
        if (shape[d] != 1) {
            return this;
        }
        int[] out = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != d) {
                out[j++] = shape[i];
            }
        }
        return reshape(out);
    }

    /** Inserts a size-1 dim at {@code dim} (in [-dim()-1, dim()]). */
    public Tensor unsqueeze(int dim) {
        int r = shape.length + 1;
        int d = Shapes.dim("unsqueeze", dim, r);
        int[] out = new int[r];
        for (int i = 0, j = 0; i < r; i++) {
            out[i] = i == d ? 1 : shape[j++];
        }
        return reshape(out);
    }

    /** Flattens to 1-D. */
    public Tensor flatten() {
        return flatten(0, -1);
    }

    /** Merges dims {@code startDim..endDim} (inclusive) into one. */
    public Tensor flatten(int startDim, int endDim) {
        if (shape.length == 0) {
            return reshape(1);
        }
        int s = Shapes.dim("flatten", startDim, shape.length);
        int e = Shapes.dim("flatten", endDim, shape.length);
        if (s > e) {
            throw new IllegalArgumentException("flatten: startDim " + startDim + " comes after endDim " + endDim
                    + " for shape " + Shapes.str(shape));
        }
        int[] out = new int[shape.length - (e - s)];
        int j = 0;
        for (int i = 0; i < s; i++) {
            out[j++] = shape[i];
        }
        int merged = 1;
        for (int i = s; i <= e; i++) {
            merged *= shape[i];
        }
        out[j++] = merged;
        for (int i = e + 1; i < shape.length; i++) {
            out[j++] = shape[i];
        }
        return reshape(out);
    }

    /** This tensor if contiguous, else a contiguous copy (differentiable). */
    public Tensor contiguous() {
        return isContiguous() ? this : new ViewOps.Contiguous().apply(this);
    }

    /** A contiguous copy with its own storage (torch.clone; differentiable). */
    public Tensor clone() {
        return new ViewOps.Contiguous().apply(this);
    }

    /** A contiguous copy, not recorded in the graph. */
    Tensor copy() {
        Tensor out = allocUninit(shape);
        float[] src = data();
        float[] dst = out.data();
        StridedLoop.forEachRowParallel(shape, new int[][] {strides, out.strides}, new int[] {offset, 0},
                (o, st, n) -> Pointwise.unary(Unary.IDENTITY, src, o[0], st[0], dst, o[1], n));
        return out;
    }

    // ---------------------------------------------------------------- elementwise (broadcasting)

    /** this + other, broadcast. */
    public Tensor add(Tensor other) {
        return new PointwiseOps.Add().apply(this, other);
    }

    /** this + value. */
    public Tensor add(float value) {
        return add(scalar(value));
    }

    /** this - other, broadcast. */
    public Tensor sub(Tensor other) {
        return new PointwiseOps.Sub().apply(this, other);
    }

    /** this - value. */
    public Tensor sub(float value) {
        return sub(scalar(value));
    }

    /** this * other, broadcast. */
    public Tensor mul(Tensor other) {
        return new PointwiseOps.Mul().apply(this, other);
    }

    /** this * value. */
    public Tensor mul(float value) {
        return mul(scalar(value));
    }

    /** this / other, broadcast. */
    public Tensor div(Tensor other) {
        return new PointwiseOps.Div().apply(this, other);
    }

    /** this / value. */
    public Tensor div(float value) {
        return div(scalar(value));
    }

    /** this ^ exponent, elementwise. */
    public Tensor pow(float exponent) {
        return new PointwiseOps.PowScalar(exponent).apply(this);
    }

    /** this ^ exponent, broadcast (both differentiable). */
    public Tensor pow(Tensor exponent) {
        return new PointwiseOps.Pow().apply(this, exponent);
    }

    /** -this. */
    public Tensor neg() {
        return new PointwiseOps.Neg().apply(this);
    }

    /** e^this. */
    public Tensor exp() {
        return new PointwiseOps.Exp().apply(this);
    }

    /** Natural log. */
    public Tensor log() {
        return new PointwiseOps.Log().apply(this);
    }

    /** Square root. */
    public Tensor sqrt() {
        return new PointwiseOps.Sqrt().apply(this);
    }

    /** Absolute value (gradient sign(x), 0 at 0, as PyTorch). */
    public Tensor abs() {
        return new PointwiseOps.Abs().apply(this);
    }

    /** sign(x) in {-1, 0, 1}; not differentiable (its gradient is zero almost everywhere). */
    public Tensor sign() {
        return PointwiseOps.map(Unary.SIGN, this);
    }

    /** Clamps into [min, max]; the gradient passes where min &lt;= x &lt;= max (as PyTorch). */
    public Tensor clamp(float min, float max) {
        if (Float.isNaN(min) || Float.isNaN(max) || min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " and max " + max
                    + " must be numbers with min <= max");
        }
        return new PointwiseOps.Clamp(min, max).apply(this);
    }

    /** max(x, min). */
    public Tensor clampMin(float min) {
        return clamp(min, Float.POSITIVE_INFINITY);
    }

    /** min(x, max). */
    public Tensor clampMax(float max) {
        return clamp(Float.NEGATIVE_INFINITY, max);
    }

    /** max(x, 0). */
    public Tensor relu() {
        return new PointwiseOps.Relu().apply(this);
    }

    /** 1 / (1 + e^-x). */
    public Tensor sigmoid() {
        return new PointwiseOps.Sigmoid().apply(this);
    }

    /** Hyperbolic tangent. */
    public Tensor tanh() {
        return new PointwiseOps.Tanh().apply(this);
    }

    /** Elementwise maximum, broadcast; ties split the gradient evenly (as torch.maximum). */
    public Tensor maximum(Tensor other) {
        return new PointwiseOps.Extremum(true).apply(this, other);
    }

    /** Elementwise minimum, broadcast; ties split the gradient evenly (as torch.minimum). */
    public Tensor minimum(Tensor other) {
        return new PointwiseOps.Extremum(false).apply(this, other);
    }

    /** 1 where equal, else 0 (not differentiable). */
    public Tensor eq(Tensor other) {
        return PointwiseOps.map("eq", Binary.EQ, this, other);
    }

    /** 1 where not equal, else 0. */
    public Tensor ne(Tensor other) {
        return PointwiseOps.map("ne", Binary.NE, this, other);
    }

    /** 1 where this &lt; other, else 0. */
    public Tensor lt(Tensor other) {
        return PointwiseOps.map("lt", Binary.LT, this, other);
    }

    /** 1 where this &lt;= other, else 0. */
    public Tensor le(Tensor other) {
        return PointwiseOps.map("le", Binary.LE, this, other);
    }

    /** 1 where this &gt; other, else 0. */
    public Tensor gt(Tensor other) {
        return PointwiseOps.map("gt", Binary.GT, this, other);
    }

    /** 1 where this &gt;= other, else 0. */
    public Tensor ge(Tensor other) {
        return PointwiseOps.map("ge", Binary.GE, this, other);
    }

    /** 1 where equal to value, else 0. */
    public Tensor eq(float value) {
        return eq(scalar(value));
    }

    /** 1 where not equal to value, else 0. */
    public Tensor ne(float value) {
        return ne(scalar(value));
    }

    /** 1 where this &lt; value, else 0. */
    public Tensor lt(float value) {
        return lt(scalar(value));
    }

    /** 1 where this &lt;= value, else 0. */
    public Tensor le(float value) {
        return le(scalar(value));
    }

    /** 1 where this &gt; value, else 0. */
    public Tensor gt(float value) {
        return gt(scalar(value));
    }

    /** 1 where this &gt;= value, else 0. */
    public Tensor ge(float value) {
        return ge(scalar(value));
    }

    /** {@code a} where {@code mask} is non-zero, else {@code b}; all three broadcast (torch.where). */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) {
        return new PointwiseOps.Where().apply(mask, a, b);
    }

    /**
     * Concatenates tensors along {@code dim} (torch.cat); all other dims must match. The backward
     * hands each input its slice of the gradient (U-Net's skip connections, Inception's filter
     * concatenation).
     */
    public static Tensor cat(int dim, Tensor... tensors) {
        return new JoinOps.Cat(dim).apply(tensors);
    }

    /** Stacks equally shaped tensors along a new dim {@code dim} (torch.stack). */
    public static Tensor stack(int dim, Tensor... tensors) {
        return JoinOps.stack(dim, tensors);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements (0-dim). */
    public Tensor sum() {
        return sum(new int[0], false);
    }

    /** Sum over one dim. */
    public Tensor sum(int dim, boolean keepDim) {
        return sum(new int[] {dim}, keepDim);
    }

    /** Sum over the given dims (all dims when empty). */
    public Tensor sum(int[] dims, boolean keepDim) {
        return new ReduceOps.Sum("sum", dims, keepDim, false).apply(this);
    }

    /** Mean of all elements (0-dim). */
    public Tensor mean() {
        return mean(new int[0], false);
    }

    /** Mean over one dim. */
    public Tensor mean(int dim, boolean keepDim) {
        return mean(new int[] {dim}, keepDim);
    }

    /** Mean over the given dims (all dims when empty). */
    public Tensor mean(int[] dims, boolean keepDim) {
        return new ReduceOps.Sum("mean", dims, keepDim, true).apply(this);
    }

    /** Largest element (0-dim); ties share the gradient evenly (as torch.max()). */
    public Tensor max() {
        return amax(new int[0], false);
    }

    /** Largest element along {@code dim}; the gradient goes to the first arg-max (as torch.max(dim)). */
    public Tensor max(int dim, boolean keepDim) {
        return new ReduceOps.Extreme("max", new int[] {dim}, keepDim, true, true).apply(this);
    }

    /** Largest elements over the given dims; ties share the gradient evenly (as torch.amax). */
    public Tensor amax(int[] dims, boolean keepDim) {
        return new ReduceOps.Extreme("amax", dims, keepDim, true, false).apply(this);
    }

    /** Smallest element (0-dim); ties share the gradient evenly. */
    public Tensor min() {
        return amin(new int[0], false);
    }

    /** Smallest element along {@code dim}; the gradient goes to the first arg-min. */
    public Tensor min(int dim, boolean keepDim) {
        return new ReduceOps.Extreme("min", new int[] {dim}, keepDim, false, true).apply(this);
    }

    /** Smallest elements over the given dims; ties share the gradient evenly (as torch.amin). */
    public Tensor amin(int[] dims, boolean keepDim) {
        return new ReduceOps.Extreme("amin", dims, keepDim, false, false).apply(this);
    }

    /** Flat row-major index of the first largest element. */
    public int argmax() {
        return ReduceOps.argExtreme("argmax", this.reshape(-1), 0, true)[0];
    }

    /** Index of the first largest element along {@code dim}, for every position of the other dims (row-major). */
    public int[] argmaxArray(int dim) {
        return ReduceOps.argExtreme("argmax", this, dim, true);
    }

    /** {@link #argmaxArray} as an index tensor (float32 holding exact integers). */
    public Tensor argmax(int dim, boolean keepDim) {
        return ReduceOps.indexTensor(this, dim, keepDim, argmaxArray(dim));
    }

    /** Flat row-major index of the first smallest element. */
    public int argmin() {
        return ReduceOps.argExtreme("argmin", this.reshape(-1), 0, false)[0];
    }

    /** Index of the first smallest element along {@code dim}, row-major over the other dims. */
    public int[] argminArray(int dim) {
        return ReduceOps.argExtreme("argmin", this, dim, false);
    }

    /** {@link #argminArray} as an index tensor. */
    public Tensor argmin(int dim, boolean keepDim) {
        return ReduceOps.indexTensor(this, dim, keepDim, argminArray(dim));
    }

    /** log(sum(exp(x))) over one dim, computed without overflow. */
    public Tensor logSumExp(int dim, boolean keepDim) {
        return logSumExp(new int[] {dim}, keepDim);
    }

    /** log(sum(exp(x))) over the given dims (all when empty), computed without overflow. */
    public Tensor logSumExp(int[] dims, boolean keepDim) {
        return new ReduceOps.LogSumExp(dims, keepDim).apply(this);
    }

    /** log(softmax(x)) along dim, as torch.log_softmax: one fused op, x - logsumexp(x), with a fused backward. */
    public Tensor logSoftmax(int dim) {
        return new ReduceOps.LogSoftmax(dim).apply(this);
    }

    /** softmax along dim, as torch.softmax: exp of {@link #logSoftmax}. */
    public Tensor softmax(int dim) {
        return logSoftmax(dim).exp();
    }

    // ---------------------------------------------------------------- linear algebra and indexing

    /** Matrix product with torch.matmul's rules: 1-D, 2-D and batched operands, batch dims broadcast. */
    public Tensor matmul(Tensor other) {
        return LinalgOps.matmul(this, other);
    }

    /** out[i][j] = this[i][index[i][j]] for dim 1 (and likewise for any dim), as torch.gather. */
    public Tensor gather(int dim, Tensor index) {
        return new IndexOps.Gather(dim, index).apply(this);
    }

    /** The entries {@code indices} of {@code dim}, in that order (as torch.index_select). */
    public Tensor indexSelect(int dim, int... indices) {
        return new IndexOps.IndexSelect(dim, indices).apply(this);
    }

    // ---------------------------------------------------------------- in place (not recorded)

    /** this += other (broadcast to this shape); returns this. */
    public Tensor add_(Tensor other) {
        return InPlace.apply("add_", this, other, Binary.ADD);
    }

    /** this += alpha * other; returns this. */
    public Tensor add_(Tensor other, float alpha) {
        return InPlace.apply("add_", this, alpha == 1f ? other : PointwiseOps.map("add_", Binary.MUL, other, scalar(alpha)), Binary.ADD);
    }

    /** this += value; returns this. */
    public Tensor add_(float value) {
        return InPlace.apply("add_", this, scalar(value), Binary.ADD);
    }

    /** this -= other; returns this. */
    public Tensor sub_(Tensor other) {
        return InPlace.apply("sub_", this, other, Binary.SUB);
    }

    /** this *= other; returns this. */
    public Tensor mul_(Tensor other) {
        return InPlace.apply("mul_", this, other, Binary.MUL);
    }

    /** this *= value; returns this. */
    public Tensor mul_(float value) {
        return InPlace.apply("mul_", this, scalar(value), Binary.MUL);
    }

    /** this /= other; returns this. */
    public Tensor div_(Tensor other) {
        return InPlace.apply("div_", this, other, Binary.DIV);
    }

    /** Fills with {@code value}; returns this. */
    public Tensor fill_(float value) {
        return InPlace.apply("fill_", this, scalar(value), null);
    }

    /** Fills with zeros; returns this. */
    public Tensor zero_() {
        return fill_(0f);
    }

    /** Copies {@code src} (broadcast to this shape) into this tensor's elements; returns this. */
    public Tensor copy_(Tensor src) {
        return InPlace.apply("copy_", this, src, null);
    }

    /** Writes one element; returns this. */
    public Tensor set(float value, int... index) {
        InPlace.checkWritable("set", this);
        data()[elementOffset("set", index)] = value;
        storage.bumpVersion();
        return this;
    }

    // ---------------------------------------------------------------- comparison and printing

    /**
     * True when |a - b| &lt;= atol + rtol * |b| everywhere (NaNs never match). Tensors of different
     * shapes are an error, not "not close": a comparison of the wrong tensors must not pass as a
     * numerical difference.
     */
    public boolean allClose(Tensor other, float rtol, float atol) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException("allClose: shapes " + Shapes.str(shape) + " and " + Shapes.str(other.shape) + " differ");
        }
        float[] a = toArray();
        float[] b = other.toArray();
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i])) && a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    /** PyTorch-style rendering: {@code tensor([[1., 2.], [3., 4.]], requires_grad=True)}, summarised when large. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
