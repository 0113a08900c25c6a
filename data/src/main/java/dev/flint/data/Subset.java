package dev.flint.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** The samples of a dataset at given indices, as torch.utils.data.Subset. */
public final class Subset implements Dataset {
    private final Dataset base;
    private final int[] indices;

    /** Samples {@code indices} of {@code base}, in that order. */
    public Subset(Dataset base, int[] indices) {
        if (base == null || indices == null) {
            throw new IllegalArgumentException("Subset: dataset and indices must not be null");
        }
        int n = base.size();
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= n) {
                throw new IndexOutOfBoundsException("Subset: index " + indices[i] + " (position " + i + ") is out of range [0, " + n + ")");
            }
        }
        this.base = base;
        this.indices = indices.clone();
    }

    /**
     * Splits {@code dataset} into non-overlapping random subsets of the given lengths, which must
     * add up to its size, as torch.utils.data.random_split with a seeded generator.
     */
    public static List<Subset> randomSplit(Dataset dataset, int[] lengths, long seed) {
        if (dataset == null || lengths == null) {
            throw new IllegalArgumentException("Subset.randomSplit: dataset and lengths must not be null");
        }
        long sum = 0;
        for (int l : lengths) {
            if (l < 0) {
                throw new IllegalArgumentException("Subset.randomSplit: negative length in " + Arrays.toString(lengths));
            }
            sum += l;
        }
        if (sum != dataset.size()) {
            throw new IllegalArgumentException("Subset.randomSplit: lengths " + Arrays.toString(lengths) + " add up to " + sum
                    + ", the dataset holds " + dataset.size());
        }
        int[] perm = new int[dataset.size()];
        Arrays.setAll(perm, i -> i);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = perm.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        List<Subset> out = new ArrayList<>();
        int from = 0;
        for (int l : lengths) {
            out.add(new Subset(dataset, Arrays.copyOfRange(perm, from, from + l)));
            from += l;
        }
        return out;
    }

    /** The base dataset's indices of this subset's samples (a copy). */
    public int[] indices() {
        return indices.clone();
    }

    /** This subset's indices over another dataset of the same samples (e.g. the same folder with other transforms). */
    public Subset of(Dataset other) {
        if (other.size() != base.size()) {
            throw new IllegalArgumentException("Subset.of: the other dataset holds " + other.size() + " samples, this subset's base " + base.size());
        }
        return new Subset(other, indices);
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public Sample get(int index) {
        return base.get(indices[checked(index)]);
    }

    @Override
    public Sample get(int index, RandomGenerator rng) {
        return base.get(indices[checked(index)], rng);
    }

    private int checked(int index) {
        if (index < 0 || index >= indices.length) {
            throw new IndexOutOfBoundsException("Subset.get: index " + index + " is out of range [0, " + indices.length + ")");
        }
        return index;
    }
}
