package dev.flint.core.kernel.runtime;

import jdk.incubator.vector.FloatVector;

/** Isolates the first touch of {@code jdk.incubator.vector} so a JVM without it never loads it. */
final class VectorLanes {
    private VectorLanes() {
    }

    static int preferred() {
        return FloatVector.SPECIES_PREFERRED.length();
    }
}
