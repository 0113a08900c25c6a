package dev.flint.data;

import java.util.SplittableRandom;

/** The one place that derives a sample's random stream from (run seed, epoch, sample index). */
public final class SampleSeed {
    private SampleSeed() {
    }

    /** A generator for sample {@code index} of epoch {@code epoch} of a run seeded {@code seed}. */
    public static SplittableRandom of(long seed, int epoch, int index) {
        // Mixing through SplittableRandom's own generator keeps nearby (epoch, index) pairs unrelated.
        long s = new SplittableRandom(seed ^ 0x5DEECE66DL).nextLong() + 0x9E3779B97F4A7C15L * epoch;
        s = new SplittableRandom(s).nextLong() + 0xC2B2AE3D27D4EB4FL * index;
        return new SplittableRandom(s);
    }
}
