package dev.flint.data;

import dev.flint.core.Tensor;
import dev.flint.data.transforms.Transform;

import java.util.LinkedHashMap;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A dataset whose inputs pass through a transform; paired, the geometric part also reaches the
 * target's class maps with the same random draws. Made by {@link Dataset#withTransform} and
 * {@link Dataset#withPairedTransform}.
 */
final class TransformedDataset implements Dataset {
    private final Dataset base;
    private final Transform transform;
    private final boolean paired;

    TransformedDataset(Dataset base, Transform transform, boolean paired) {
        if (transform == null) {
            throw new IllegalArgumentException("Dataset.withTransform: transform is null");
        }
        this.base = base;
        this.transform = transform;
        this.paired = paired;
    }

    @Override
    public int size() {
        return base.size();
    }

    @Override
    public Sample get(int index) {
        return get(index, SampleSeed.of(0, 0, index));
    }

    @Override
    public Sample get(int index, RandomGenerator rng) {
        long baseSeed = rng.nextLong();
        long seed = rng.nextLong();
        Sample s = base.get(index, new SplittableRandom(baseSeed));
        Tensor input = transform.apply(s.input(), new SplittableRandom(seed));
        Target target = paired ? onMaps(s.target(), s.input(), seed) : s.target();
        return new Sample(input, target);
    }

    /** The target with every class map transformed by the geometric part, seeded as the input was. */
    private Target onMaps(Target t, Tensor input, long seed) {
        return switch (t) {
            case Target.ClassMap m -> {
                int[] shape = m.shape();
                if (shape.length != 2 || shape[0] != input.size(-2) || shape[1] != input.size(-1)) {
                    throw new IllegalArgumentException("Dataset.withPairedTransform: class map " + java.util.Arrays.toString(shape)
                            + " does not match the image " + java.util.Arrays.toString(input.shape()));
                }
                int[] idx = m.indices();
                float[] f = new float[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    f[i] = idx[i];
                }
                Tensor out = transform.applyToMask(Tensor.wrap(f, 1, shape[0], shape[1]), new SplittableRandom(seed));
                float[] g = out.toArray();
                int[] back = new int[g.length];
                for (int i = 0; i < g.length; i++) {
                    back[i] = Math.round(g[i]);
                }
                yield new Target.ClassMap(back, new int[] {out.size(1), out.size(2)});
            }
            case Target.Fields fs -> {
                LinkedHashMap<String, Target> out = new LinkedHashMap<>();
                fs.fields().forEach((k, v) -> out.put(k, onMaps(v, input, seed)));
                yield new Target.Fields(out);
            }
            default -> t;
        };
    }
}
