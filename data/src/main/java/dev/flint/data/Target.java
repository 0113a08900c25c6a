package dev.flint.data;

import dev.flint.core.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one sample is labelled with: a class index, a map of class indices (a segmentation mask),
 * a tensor of values (multi-label vector, regression targets, box coordinates) or a record of
 * several named targets. {@link DataLoader} collates the targets of a batch into {@link Targets}
 * of the same kind.
 */
public sealed interface Target permits Target.ClassIndex, Target.ClassMap, Target.Values, Target.Fields {

    /** A class index, as the integer target of torch's classification datasets. */
    record ClassIndex(int index) implements Target {
    }

    /**
     * Class indices per element, row-major, of shape {@code shape} (for a segmentation mask
     * {@code (H, W)}); each index in [0, classes) or a loss's ignore index.
     */
    record ClassMap(int[] indices, int[] shape) implements Target {
        /** Checks that {@code shape}'s element count matches {@code indices}. */
        public ClassMap {
            if (indices == null || shape == null) {
                throw new IllegalArgumentException("Target.ClassMap: indices and shape must not be null");
            }
            long n = 1;
            for (int d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("Target.ClassMap: negative dimension in shape " + Arrays.toString(shape));
                }
                n *= d;
            }
            if (n != indices.length) {
                throw new IllegalArgumentException("Target.ClassMap: shape " + Arrays.toString(shape) + " holds " + n
                        + " elements, but " + indices.length + " indices were given");
            }
            shape = shape.clone();
        }

        /** The shape (a copy). */
        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ClassMap m && Arrays.equals(indices, m.indices) && Arrays.equals(shape, m.shape);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(indices) + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return "ClassMap" + Arrays.toString(shape);
        }
    }

    /** A tensor of target values (any shape; the loader stacks them along a new first dimension). */
    record Values(Tensor values) implements Target {
        /** Refuses null. */
        public Values {
            if (values == null) {
                throw new IllegalArgumentException("Target.Values: values must not be null");
            }
        }
    }

    /** Several named targets (for example a box and its class), in insertion order. */
    record Fields(Map<String, Target> fields) implements Target {
        /** Copies the map, keeping its order; refuses an empty map, null names and null targets. */
        public Fields {
            if (fields == null || fields.isEmpty()) {
                throw new IllegalArgumentException("Target.Fields: at least one field is needed");
            }
            LinkedHashMap<String, Target> copy = new LinkedHashMap<>();
            for (Map.Entry<String, Target> e : fields.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IllegalArgumentException("Target.Fields: null name or target in " + fields.keySet());
                }
                copy.put(e.getKey(), e.getValue());
            }
            fields = java.util.Collections.unmodifiableMap(copy);
        }

        /** The target named {@code name}; throws naming the fields there are when it is absent. */
        public Target get(String name) {
            Target t = fields.get(name);
            if (t == null) {
                throw new IllegalArgumentException("Target.Fields: no field '" + name + "'; fields are " + fields.keySet());
            }
            return t;
        }
    }

    /** A class-index target. */
    static Target classIndex(int index) {
        return new ClassIndex(index);
    }

    /** A class map of the given shape. */
    static Target classMap(int[] indices, int... shape) {
        return new ClassMap(indices, shape);
    }

    /** A tensor target. */
    static Target values(Tensor values) {
        return new Values(values);
    }

    /** A short description of the kind and shape, for error messages. */
    static String describe(Target t) {
        return switch (t) {
            case ClassIndex c -> "class index";
            case ClassMap m -> "class map " + Arrays.toString(m.shape);
            case Values v -> "values " + Arrays.toString(v.values().shape());
            case Fields f -> {
                StringBuilder sb = new StringBuilder("fields {");
                f.fields().forEach((k, v) -> sb.append(sb.length() > 8 ? ", " : "").append(k).append(": ").append(describe(v)));
                yield sb.append('}').toString();
            }
        };
    }
}
