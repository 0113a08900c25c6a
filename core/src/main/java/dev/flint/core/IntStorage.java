package dev.flint.core;

/**
 * An int buffer that an op keeps for its backward pass (such as max pooling's arg-max indices),
 * from {@link MemoryScope#ints}. Like a tensor's {@link Storage}, it is <em>released</em> when the
 * scope that made it closes, and any later use fails instead of reading a buffer that a later
 * scope may already have reused.
 */
public final class IntStorage {
    private int[] data;

    IntStorage(int[] data) {
        this.data = data;
    }

    /**
     * The buffer.
     *
     * @throws IllegalStateException if the {@link MemoryScope} that owned it has closed
     */
    public int[] array() {
        int[] d = data;
        if (d == null) {
            throw new ReleasedBufferException("an int buffer saved for backward");
        }
        return d;
    }

    /** Whether this buffer is still held (false once its {@link MemoryScope} closed). */
    public boolean isLive() {
        return data != null;
    }

    /** Detaches and returns the buffer (for the owning scope, which recycles it). */
    int[] release() {
        int[] d = data;
        data = null;
        return d;
    }
}
