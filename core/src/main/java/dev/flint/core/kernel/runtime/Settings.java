package dev.flint.core.kernel.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Flint's system properties ({@code -Dflint.*}), read in one place and strictly: a value that is
 * not what the property takes ({@code -Dflint.threads=abc}, {@code -Dflint.vector=ture},
 * {@code -Dflint.gemm.mc=-5}) is an error naming the property, never a silent default.
 *
 * <p>Reading never throws, so no kernel class fails to initialise over a typo (which would surface
 * as {@code ExceptionInInitializerError} once and {@code NoClassDefFoundError} ever after). A bad
 * value is recorded instead, and {@link #requireValid()} (called whenever a tensor's storage is
 * made) throws an {@link IllegalArgumentException} listing every bad property, on every use.
 */
public final class Settings {
    private static final List<String> ERRORS = new ArrayList<>();

    /** {@code -Dflint.threads}: compute threads (default: the available processors). */
    static final int THREADS = positiveInt("flint.threads", Runtime.getRuntime().availableProcessors());
    /** {@code -Dflint.vector}: false forces the scalar kernels. */
    static final boolean VECTOR = bool("flint.vector", true);
    /** {@code -Dflint.weightCache.mb}: bound of the prepared-weights cache in MiB (0 turns it off). */
    static final long WEIGHT_CACHE_MB = nonNegativeInt("flint.weightCache.mb", 256);
    /** {@code -Dflint.conv.colFloats}: floats of one im2col column block. */
    public static final int CONV_COL_FLOATS = positiveInt("flint.conv.colFloats", 1 << 18);
    /** {@code -Dflint.conv.directPositions}: output positions per call up to which the blocked direct convolution runs (0: off). */
    public static final int CONV_DIRECT_POSITIONS = nonNegativeInt("flint.conv.directPositions", 1024);
    /** {@code -Dflint.conv.compactColumns}: false keeps a wide image's dropped columns in the forward GEMM. */
    public static final boolean CONV_COMPACT_COLUMNS = bool("flint.conv.compactColumns", true);
    /** {@code -Dflint.conv.gatherForward}: false makes strided forward passes build the column matrix. */
    public static final boolean CONV_GATHER_FORWARD = bool("flint.conv.gatherForward", true);
    /** {@code -Dflint.conv.winograd}: false turns the Winograd path off. */
    public static final boolean CONV_WINOGRAD = bool("flint.conv.winograd", true);
    /**
     * {@code -Dflint.conv.algorithm}: the name of a convolution algorithm forced on every pass it
     * supports (null: planned). The names are ConvAlgorithm's (ConvPlannerTest holds them equal);
     * they are listed here because every property is checked when this class loads, before any
     * kernel package is.
     */
    public static final List<String> CONV_ALGORITHMS = List.of("IM2COL", "IMAGE_GEMM", "WINOGRAD", "NCHW_DIRECT", "NHWC_DIRECT",
            "GRADIENT_AS_FORWARD");
    /** The value of {@code -Dflint.conv.algorithm}, upper case, or null. */
    public static final String CONV_ALGORITHM = choice("flint.conv.algorithm", CONV_ALGORITHMS);
    /** {@code -Dflint.winograd.minPositions}: output positions per call below which Winograd does not pay. */
    public static final int WINOGRAD_MIN_POSITIONS = nonNegativeInt("flint.winograd.minPositions", 2048);
    /** {@code -Dflint.winograd.blockFloats}: floats of each of a Winograd block's V and M. */
    public static final int WINOGRAD_BLOCK_FLOATS = positiveInt("flint.winograd.blockFloats", 1 << 20);
    /** {@code -Dflint.gemm.kc}: depth block of the packed GEMM. */
    public static final int GEMM_KC = positiveInt("flint.gemm.kc", 1024);
    /** {@code -Dflint.gemm.mc}: rows of packed A (rounded down to whole micro-panels, at least one). */
    public static final int GEMM_MC = positiveInt("flint.gemm.mc", 96);
    /** {@code -Dflint.gemm.nc}: columns of packed B (rounded down to whole micro-panels, at least one). */
    public static final int GEMM_NC = positiveInt("flint.gemm.nc", 3072);

    private static final String PROBLEMS = ERRORS.isEmpty() ? null : String.join("; ", ERRORS);

    private Settings() {
    }

    /**
     * Throws if any {@code -Dflint.*} property has a value it does not take; cheap otherwise.
     *
     * @throws IllegalArgumentException naming each bad property and its value
     */
    public static void requireValid() {
        if (PROBLEMS != null) {
            throw new IllegalArgumentException("Flint: bad system properties: " + PROBLEMS);
        }
    }

    private static String raw(String name) {
        try {
            return System.getProperty(name);
        } catch (SecurityException e) {
            return null;
        }
    }

    private static int positiveInt(String name, int fallback) {
        return intAtLeast(name, fallback, 1, "a positive integer");
    }

    private static int nonNegativeInt(String name, int fallback) {
        return intAtLeast(name, fallback, 0, "an integer >= 0");
    }

    private static int intAtLeast(String name, int fallback, int min, String what) {
        String v = raw(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // recorded below
        }
        ERRORS.add("-D" + name + "=" + v + " is not " + what);
        return fallback;
    }

    private static String choice(String name, List<String> names) {
        String v = raw(name);
        if (v == null) {
            return null;
        }
        for (String n : names) {
            if (n.equalsIgnoreCase(v.trim())) {
                return n;
            }
        }
        ERRORS.add("-D" + name + "=" + v + " is not one of " + String.join(", ", names));
        return null;
    }

    private static boolean bool(String name, boolean fallback) {
        String v = raw(name);
        if (v == null) {
            return fallback;
        }
        String t = v.trim();
        if (t.equalsIgnoreCase("true")) {
            return true;
        }
        if (t.equalsIgnoreCase("false")) {
            return false;
        }
        ERRORS.add("-D" + name + "=" + v + " is not true or false");
        return fallback;
    }
}
