package dev.flint.core;

import dev.flint.core.kernel.runtime.Settings;

/**
 * The flat float32 buffer behind one or more tensors. Views share a {@code Storage}, so a write
 * through one view is seen through all of them, and they share one version counter: every
 * in-place write bumps it, which lets autograd detect that a tensor it saved for backward was
 * modified (see {@link Function#savedTensors()}).
 *
 * <p>The buffer is a heap {@code float[]}: {@code FloatVector.fromArray} reads it at full speed,
 * and tensors of up to 2<sup>31</sup>-1 elements cover every CNN workload Flint targets. Outside a
 * {@link MemoryScope} the garbage collector owns it. Inside one, it comes from the scope's pool
 * and goes back there when the scope closes; the storage is then <em>released</em> and any later
 * use fails loudly instead of reading recycled memory. See docs/design.md.
 */
public final class Storage {
    private float[] data;
    private int version;

    Storage(float[] data) {
        Settings.requireValid(); // a bad -Dflint.* value fails every use, naming the property
        this.data = data;
    }

    /**
     * A new storage of {@code n} floats: from the current thread's {@link MemoryScope} if one is
     * open, else from the heap. With {@code zeroed} false the contents are unspecified (stale
     * values from an earlier step inside a scope), for ops that overwrite every element.
     */
    static Storage allocate(int n, boolean zeroed) {
        MemoryScope scope = MemoryScope.current();
        return scope == null ? new Storage(new float[n]) : scope.allocate(n, zeroed);
    }

    /**
     * The backing array. Kernels read and write it directly; writers must call {@link #bumpVersion()}.
     *
     * @throws IllegalStateException if the {@link MemoryScope} that owned this storage has closed
     */
    public float[] array() {
        float[] d = data;
        if (d == null) {
            throw new ReleasedBufferException("a tensor");
        }
        return d;
    }

    /** Whether this storage still holds its buffer (false once its {@link MemoryScope} closed). */
    public boolean isLive() {
        return data != null;
    }

    /** Number of floats in the buffer. */
    public int size() {
        return array().length;
    }

    /** The version counter: how many in-place writes this storage has seen. */
    public int version() {
        return version;
    }

    /** Records one in-place write. */
    public void bumpVersion() {
        version++;
    }

    /** Detaches and returns the buffer (for the owning scope, which recycles it). */
    float[] release() {
        float[] d = data;
        data = null;
        return d;
    }
}
