package dev.flint.core;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The seedable default random generator (as {@code torch.manual_seed}). Factories and layers
 * that take no explicit {@link RandomGenerator} draw from it, so one call to
 * {@link #manualSeed(long)} makes a whole single-threaded program reproducible. Like PyTorch's,
 * the default seed is fixed, so an unseeded program is reproducible too.
 *
 * <p>Thread safety: the default generator is synchronised; for parallel work, {@link #split()}
 * a generator per thread instead of sharing one.
 */
public final class Generator implements RandomGenerator {
    /** The seed in force before any {@link #manualSeed} call (PyTorch's default seed). */
    public static final long DEFAULT_SEED = 67280421310721L;
    private static final Generator DEFAULT = new Generator(DEFAULT_SEED);

    private SplittableRandom random;
    private long seed;

    /** A new generator seeded with {@code seed}. */
    public Generator(long seed) {
        manual(seed);
    }

    /** Re-seeds the default generator. */
    public static void manualSeed(long seed) {
        DEFAULT.manual(seed);
    }

    /** The default generator. */
    public static Generator defaultGenerator() {
        return DEFAULT;
    }

    /** Re-seeds this generator; returns it. */
    public synchronized Generator manual(long newSeed) {
        this.seed = newSeed;
        this.random = new SplittableRandom(newSeed);
        return this;
    }

    /** The seed this generator was last seeded with. */
    public synchronized long initialSeed() {
        return seed;
    }

    /** An independent generator derived from this one (for another thread). */
    public synchronized Generator split() {
        return new Generator(random.nextLong());
    }

    @Override
    public synchronized long nextLong() {
        return random.nextLong();
    }
}
