package dev.flint.core;

/**
 * The flat float32 buffer behind one or more tensors. Views share a {@code Storage}, so a write
 * through one view is seen through all of them, and they share one version counter: every
 * in-place write bumps it, which lets autograd detect that a tensor it saved for backward was
 * modified (see {@link Function#savedTensors()}).
 *
 * <p>The buffer is a heap {@code float[]}: it is owned by the garbage collector (no close(), no
 * leaks), {@code FloatVector.fromArray} reads it at full speed, and tensors of up to
 * 2<sup>31</sup>-1 elements cover every CNN workload Flint targets. See docs/design.md.
 */
public final class Storage {
    private final float[] data;
    private int version;

    Storage(float[] data) {
        this.data = data;
    }

    /** The backing array. Kernels read and write it directly; writers must call {@link #bumpVersion()}. */
    public float[] array() {
        return data;
    }

    /** Number of floats in the buffer. */
    public int size() {
        return data.length;
    }

    /** The version counter: how many in-place writes this storage has seen. */
    public int version() {
        return version;
    }

    /** Records one in-place write. */
    public void bumpVersion() {
        version++;
    }
}
