package dev.flint.data;

import dev.flint.core.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The targets of a batch (or of a whole in-memory dataset): one {@link Target} kind collated over
 * B samples. Class indices become an {@code int[B]}, class maps one {@code int[]} of shape
 * {@code (B, ...)}, values a tensor stacked along a new first dimension, fields each field so.
 */
public sealed interface Targets permits Targets.Classes, Targets.ClassMaps, Targets.Values, Targets.Fields {

    /** B class indices. */
    record Classes(int[] indices) implements Targets {
        /** Refuses null. */
        public Classes {
            if (indices == null) {
                throw new IllegalArgumentException("Targets.Classes: indices must not be null");
            }
        }

        @Override
        public int size() {
            return indices.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Classes c && Arrays.equals(indices, c.indices);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(indices);
        }

        @Override
        public String toString() {
            return "Classes" + Arrays.toString(indices);
        }
    }

    /** Class maps of shape {@code (B, ...)}, row-major, as the integer target of a per-pixel loss. */
    record ClassMaps(int[] indices, int[] shape) implements Targets {
        /** Checks that the shape has a batch dimension and matches the element count. */
        public ClassMaps {
            if (indices == null || shape == null || shape.length == 0) {
                throw new IllegalArgumentException("Targets.ClassMaps: indices and a shape (B, ...) are needed");
            }
            if (checkedNumel("Targets.ClassMaps", shape) != indices.length) {
                throw new IllegalArgumentException("Targets.ClassMaps: shape " + Arrays.toString(shape) + " does not hold "
                        + indices.length + " indices");
            }
            shape = shape.clone();
        }

        /** The shape (a copy). */
        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public int size() {
            return shape[0];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ClassMaps m && Arrays.equals(indices, m.indices) && Arrays.equals(shape, m.shape);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(indices) + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return "ClassMaps" + Arrays.toString(shape);
        }
    }

    /** Values of shape {@code (B, ...)}. */
    record Values(Tensor values) implements Targets {
        /** Refuses null and 0-d tensors. */
        public Values {
            if (values == null || values.dim() == 0) {
                throw new IllegalArgumentException("Targets.Values: a tensor (B, ...) is needed");
            }
        }

        @Override
        public int size() {
            return values.size(0);
        }
    }

    /** Named targets, each of B samples. */
    record Fields(Map<String, Targets> fields) implements Targets {
        /** Copies the map, keeping its order; all fields must hold the same number of samples. */
        public Fields {
            if (fields == null || fields.isEmpty()) {
                throw new IllegalArgumentException("Targets.Fields: at least one field is needed");
            }
            LinkedHashMap<String, Targets> copy = new LinkedHashMap<>(fields);
            int n = -1;
            for (Map.Entry<String, Targets> e : copy.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IllegalArgumentException("Targets.Fields: null name or targets in " + copy.keySet());
                }
                if (n < 0) {
                    n = e.getValue().size();
                } else if (e.getValue().size() != n) {
                    throw new IllegalArgumentException("Targets.Fields: field '" + e.getKey() + "' holds " + e.getValue().size()
                            + " samples, the first field " + n);
                }
            }
            fields = Collections.unmodifiableMap(copy);
        }

        /** The targets named {@code name}; throws naming the fields there are when it is absent. */
        public Targets get(String name) {
            Targets t = fields.get(name);
            if (t == null) {
                throw new IllegalArgumentException("Targets.Fields: no field '" + name + "'; fields are " + fields.keySet());
            }
            return t;
        }

        @Override
        public int size() {
            return fields.values().iterator().next().size();
        }
    }

    /** Number of samples B. */
    int size();

    /** The target of sample {@code i} (a view where the kind allows one). */
    default Target get(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("Targets.get: sample " + i + " is out of range [0, " + size() + ")");
        }
        return switch (this) {
            case Classes c -> new Target.ClassIndex(c.indices[i]);
            case ClassMaps m -> {
                int per = m.indices.length / m.shape[0];
                yield new Target.ClassMap(Arrays.copyOfRange(m.indices, i * per, (i + 1) * per),
                        Arrays.copyOfRange(m.shape, 1, m.shape.length));
            }
            case Values v -> new Target.Values(v.values.select(0, i));
            case Fields f -> {
                LinkedHashMap<String, Target> one = new LinkedHashMap<>();
                f.fields.forEach((k, t) -> one.put(k, t.get(i)));
                yield new Target.Fields(one);
            }
        };
    }

    /** The targets of samples {@code order[from..to)}, in that order (a copy). */
    default Targets gather(int[] order, int from, int to) {
        int n = to - from;
        return switch (this) {
            case Classes c -> {
                int[] out = new int[n];
                for (int i = 0; i < n; i++) {
                    out[i] = c.indices[order[from + i]];
                }
                yield new Classes(out);
            }
            case ClassMaps m -> {
                int per = m.indices.length / Math.max(m.shape[0], 1);
                int[] out = new int[n * per];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(m.indices, order[from + i] * per, out, i * per, per);
                }
                int[] shape = m.shape();
                shape[0] = n;
                yield new ClassMaps(out, shape);
            }
            case Values v -> new Values(Rows.gather(v.values, order, from, to));
            case Fields f -> {
                LinkedHashMap<String, Targets> out = new LinkedHashMap<>();
                f.fields.forEach((k, t) -> out.put(k, t.gather(order, from, to)));
                yield new Fields(out);
            }
        };
    }

    /**
     * Collates per-sample targets, which must all be of one kind and shape; {@code sampleIndex[i]}
     * is the dataset index of {@code targets.get(i)}, named when they disagree.
     */
    static Targets collate(List<Target> targets, int[] sampleIndex) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("Targets.collate: no targets");
        }
        Target first = targets.get(0);
        for (int i = 1; i < targets.size(); i++) {
            if (!sameKind(first, targets.get(i))) {
                throw new IllegalStateException("DataLoader: sample " + sampleIndex[i] + " has target "
                        + Target.describe(targets.get(i)) + ", sample " + sampleIndex[0] + " has " + Target.describe(first));
            }
        }
        int n = targets.size();
        return switch (first) {
            case Target.ClassIndex c -> {
                int[] out = new int[n];
                for (int i = 0; i < n; i++) {
                    out[i] = ((Target.ClassIndex) targets.get(i)).index();
                }
                yield new Classes(out);
            }
            case Target.ClassMap m -> {
                int per = m.indices().length;
                int[] out = new int[n * per];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(((Target.ClassMap) targets.get(i)).indices(), 0, out, i * per, per);
                }
                yield new ClassMaps(out, Rows.prepend(n, m.shape()));
            }
            case Target.Values v -> {
                Tensor[] rows = new Tensor[n];
                for (int i = 0; i < n; i++) {
                    rows[i] = ((Target.Values) targets.get(i)).values();
                }
                yield new Values(Rows.stack(rows));
            }
            case Target.Fields f -> {
                LinkedHashMap<String, Targets> out = new LinkedHashMap<>();
                for (String k : f.fields().keySet()) {
                    List<Target> column = new ArrayList<>(n);
                    for (Target t : targets) {
                        column.add(((Target.Fields) t).fields().get(k));
                    }
                    out.put(k, collate(column, sampleIndex));
                }
                yield new Fields(out);
            }
        };
    }

    private static boolean sameKind(Target a, Target b) {
        return switch (a) {
            case Target.ClassIndex x -> b instanceof Target.ClassIndex;
            case Target.ClassMap x -> b instanceof Target.ClassMap y && Arrays.equals(x.shape(), y.shape());
            case Target.Values x -> b instanceof Target.Values y && Arrays.equals(x.values().shape(), y.values().shape());
            case Target.Fields x -> {
                if (!(b instanceof Target.Fields y) || !x.fields().keySet().equals(y.fields().keySet())) {
                    yield false;
                }
                for (var e : x.fields().entrySet()) {
                    if (!sameKind(e.getValue(), y.fields().get(e.getKey()))) {
                        yield false;
                    }
                }
                yield true;
            }
        };
    }

    private static long checkedNumel(String op, int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(op + ": negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
