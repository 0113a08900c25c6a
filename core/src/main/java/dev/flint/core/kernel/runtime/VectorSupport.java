package dev.flint.core.kernel.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides once per JVM whether kernels use the Vector API ({@code jdk.incubator.vector}).
 *
 * <p>The module is optional: when the JVM was started without
 * {@code --add-modules jdk.incubator.vector}, or with {@code -Dflint.vector=false}, every kernel
 * runs its scalar path, which gives the same results, and one log line says so and how to turn
 * the Vector API on. Classes that touch {@code jdk.incubator.vector} types ({@code Vector*}) are
 * only loaded when {@link #enabled()} is true.
 */
public final class VectorSupport {
    private static final Logger LOG = LoggerFactory.getLogger(VectorSupport.class);
    /** System property: {@code false} forces scalar kernels even when the Vector API is present. */
    public static final String PROPERTY = "flint.vector";
    private static final boolean ENABLED = detect();
    private static final int LANES = ENABLED ? VectorLanes.preferred() : 1;

    private VectorSupport() {
    }

    /** True when kernels use the Vector API. */
    public static boolean enabled() {
        return ENABLED;
    }

    /** Lanes of the preferred float species, or 1 when the scalar kernels are in use. */
    public static int floatLanes() {
        return LANES;
    }

    private static boolean detect() {
        if (!Settings.VECTOR) {
            LOG.info("Flint: Vector API off (-D{}=false); using scalar kernels.", PROPERTY);
            return false;
        }
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (!present) {
            LOG.info("Flint: Vector API off (module jdk.incubator.vector not in this JVM); using scalar kernels, several "
                    + "times slower. Turn it on with the JVM flag --add-modules=jdk.incubator.vector, or for every java "
                    + "command with the environment variable JDK_JAVA_OPTIONS=--add-modules=jdk.incubator.vector");
            return false;
        }
        try {
            int lanes = VectorLanes.preferred();
            LOG.debug("Flint: Vector API on, {} float lanes", lanes);
            return true;
        } catch (LinkageError e) {
            LOG.info("Flint: Vector API off ({}); using scalar kernels.", e.toString());
            return false;
        }
    }
}
