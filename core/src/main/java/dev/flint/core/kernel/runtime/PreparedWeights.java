package dev.flint.core.kernel.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Weights prepared for a kernel (packed GEMM panels, Winograd-transformed tiles), kept between
 * calls while the weights are unchanged. Inference calls each layer again and again with the
 * same weights; preparing them costs a read and a write of every weight per call, which at batch
 * 1 (ResNet-18's last stages: 2.4M weights against 49 output positions) is a large share of the
 * layer, and on the calling thread alone.
 *
 * <p>An entry is keyed by the weights' owner (their {@code Storage}: held weakly, and never reused
 * for other data) and the owner's version counter, which every in-place write bumps. A version is
 * prepared into scratch the first time it is seen and kept only the second time, so a training
 * loop, whose optimizer bumps every version each step, never fills the cache. The total kept is
 * bounded by {@code -Dflint.weightCache.mb} (default 256 MiB; 0 turns the cache off); beyond it
 * weights are prepared per call as before.
 */
public final class PreparedWeights {
    /** The weights' owner and its version at this call: what a cached preparation is valid for. */
    public record Source(Object owner, int version) {
    }

    private static final long LIMIT_FLOATS = Settings.WEIGHT_CACHE_MB * (1L << 20) / Float.BYTES;
    private static final Map<Object, Map<Object, Entry>> CACHE = new WeakHashMap<>();
    private static long hits;

    /** One layout of one owner's weights: the version last seen, and the kept result once there is one. */
    private static final class Entry {
        int version;
        Object value;
        long floats;
    }

    private PreparedWeights() {
    }

    /**
     * The weights of {@code source} prepared in layout {@code layout} (any key with equals/hashCode
     * describing the layout, e.g. the kernel and its geometry): kept from an earlier call with the
     * same version, else made by {@code prepare}. {@code prepare.apply(true)} must put its result
     * in arrays of its own (it will be kept and shared between threads), {@code apply(false)} may
     * use per-thread scratch. {@code floats} gives the kept result's size (asked only when it would
     * be kept). A null source never caches.
     */
    @SuppressWarnings("unchecked")
    public static <T> T get(Source source, Object layout, LongSupplier floats, Function<Boolean, T> prepare) {
        if (source == null || LIMIT_FLOATS <= 0) {
            return prepare.apply(false);
        }
        long size;
        synchronized (CACHE) {
            Entry e = entry(source, layout);
            if (e.value != null && e.version == source.version()) {
                hits++;
                return (T) e.value;
            }
            boolean seenBefore = e.version == source.version() && e.floats < 0;
            e.value = null;
            e.version = source.version();
            e.floats = -1; // seen once at this version
            size = seenBefore ? floats.getAsLong() : 0;
            if (!seenBefore || kept() + size > LIMIT_FLOATS) {
                size = -1;
            }
        }
        // Prepared outside the lock: other threads' layers need not wait for this one's packing.
        if (size < 0) {
            return prepare.apply(false);
        }
        T value = prepare.apply(true);
        synchronized (CACHE) {
            Entry e = entry(source, layout);
            if (e.version == source.version() && e.value == null) {
                e.value = value;
                e.floats = size;
            }
        }
        return value;
    }

    /** The entry of one layout of one owner's weights, created empty (called under the lock). */
    private static Entry entry(Source source, Object layout) {
        return CACHE.computeIfAbsent(source.owner(), k -> new HashMap<>()).computeIfAbsent(layout, k -> new Entry());
    }

    /** Floats held by kept entries whose owners are still alive (called under the lock). */
    private static long kept() {
        long sum = 0;
        for (Map<Object, Entry> layouts : CACHE.values()) {
            for (Entry e : layouts.values()) {
                if (e.value != null) {
                    sum += e.floats;
                }
            }
        }
        return sum;
    }

    /** How many calls were served from the cache so far (for tests). */
    public static long hits() {
        synchronized (CACHE) {
            return hits;
        }
    }

    /** Drops every kept preparation (for tests, or to free the memory). */
    public static void clear() {
        synchronized (CACHE) {
            CACHE.clear();
        }
    }
}
