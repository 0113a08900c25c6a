package dev.flint.core;

/**
 * A buffer was used after the {@link MemoryScope} that owned it closed. Backward rethrows it as
 * an {@link IllegalStateException} naming the op that reached the buffer.
 */
final class ReleasedBufferException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ReleasedBufferException(String what) {
        super(what + " was used after its MemoryScope closed: its memory went back to the pool. Read results"
                + " (item(), toArray(), clone outside the scope) and run backward before the scope closes,"
                + " or create long-lived tensors outside any scope");
    }
}
