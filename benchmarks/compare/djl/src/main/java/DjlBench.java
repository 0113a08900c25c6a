import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import java.util.Locale;

/**
 * PyTorch 2.7.1 through DJL 0.36.0 on the workloads of Flint's LeNetBench and ConvBench, timed
 * like torch_bench.py (warm up ~2 s, then 5 rounds of ~0.8 s, best round's time per call).
 *
 * <p>Usage: DjlBench LABEL THREADS. Prints CSV rows {@code peer,workload,threads,value,unit}.
 * Run with -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=THREADS
 * -Dai.djl.pytorch.num_interop_threads=1 and OMP_NUM_THREADS=THREADS (run.sh does); the intra-op
 * and inter-op thread counts torch actually uses are printed to stderr. WARMUP_S / MEASURE_S (total
 * of the 5 rounds) override the durations; QUICK=1 halves them.
 *
 * <p>LeNet-5 is built from DJL blocks and trained the way DJL's EasyTrain does it: Trainer.forward
 * inside a GradientCollector, softmax cross-entropy loss (sparse labels, mean), backward,
 * Trainer.step with SGD lr 0.01 momentum 0.9 (DJL's step also zeroes the gradients). Inference
 * calls the block directly with training=false (DJL keeps torch's grad mode off outside a
 * GradientCollector, so this is the no-grad path). Every call runs in an NDManager sub-manager
 * that is closed afterwards, so intermediate arrays are freed per iteration. PyTorch is eager on
 * CPU: each op has finished when its JNI call returns.
 */
public final class DjlBench {

    private static final double SCALE = System.getenv("QUICK") != null ? 0.5 : 1.0;
    private static final double WARMUP = envDouble("WARMUP_S", 2.0) * SCALE;
    private static final double MEASURE = envDouble("MEASURE_S", 4.0) * SCALE;

    private static String label;
    private static int threads;

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: DjlBench LABEL THREADS");
            System.exit(2);
        }
        label = args[0];
        threads = Integer.parseInt(args[1]);
        // PtEngine reads these when it loads; run.sh passes them as -D too.
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        Engine engine = Engine.getEngine("PyTorch");
        System.err.printf(
                "djl: java %s, engine %s %s, DJL %s, intra-op threads %d, inter-op threads %d, OMP_NUM_THREADS=%s%n",
                System.getProperty("java.version"), engine.getEngineName(), engine.getVersion(), Engine.getDjlVersion(),
                JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(), System.getenv("OMP_NUM_THREADS"));
        engine.setRandomSeed(1);

        try (NDManager base = NDManager.newBaseManager()) {
            lenet(base);
            convs(base);
        }
    }

    private static SequentialBlock lenetBlock() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).optPadding(new Shape(2, 2)).setFilters(6).build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(16).build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(120).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(84).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(10).build());
    }

    private static void lenet(NDManager base) {
        try (Model model = Model.newInstance("lenet5", "PyTorch")) {
            model.setBlock(lenetBlock());
            Optimizer sgd = Optimizer.sgd()
                    .setLearningRateTracker(Tracker.fixed(0.01f))
                    .optMomentum(0.9f)
                    .build();
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(sgd);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(64, 1, 28, 28));
                NDArray x = base.randomNormal(new Shape(64, 1, 28, 28));
                long[] classes = new long[64];
                for (int i = 0; i < classes.length; i++) {
                    classes[i] = i % 10;
                }
                NDArray y = base.create(classes);
                Runnable step = () -> {
                    try (NDManager sub = base.newSubManager()) {
                        x.tempAttach(sub);
                        y.tempAttach(sub);
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList pred = trainer.forward(new NDList(x));
                            NDArray loss = trainer.getLoss().evaluate(new NDList(y), pred);
                            gc.backward(loss);
                        }
                        trainer.step();
                    }
                };
                out("lenet5 train step b64", 64 / secondsPerCall(step), "img/s");

                ParameterStore ps = new ParameterStore(base, false);
                NDArray x256 = base.randomNormal(new Shape(256, 1, 28, 28));
                NDArray x1 = base.randomNormal(new Shape(1, 1, 28, 28));
                out("lenet5 inference b256", 256 / secondsPerCall(() -> infer(model, ps, base, x256)), "img/s");
                out("lenet5 latency b1", 1e6 * secondsPerCall(() -> infer(model, ps, base, x1)), "us");
            }
        }
    }

    private static void infer(Model model, ParameterStore ps, NDManager base, NDArray x) {
        try (NDManager sub = base.newSubManager()) {
            x.tempAttach(sub);
            model.getBlock().forward(ps, new NDList(x), false);
        }
    }

    private static void convs(NDManager base) {
        // name, N, C, HW, K, R, pad
        int[][] shapes = {{64, 1, 28, 6, 5, 2}, {64, 6, 14, 16, 5, 0}, {32, 64, 56, 64, 3, 1}, {32, 128, 28, 128, 3, 1}};
        String[] names = {"a", "b", "c", "d"};
        Engine engine = Engine.getEngine("PyTorch");
        for (int s = 0; s < shapes.length; s++) {
            int n = shapes[s][0], c = shapes[s][1], hw = shapes[s][2], k = shapes[s][3], r = shapes[s][4], p = shapes[s][5];
            Shape stride = new Shape(1, 1), pad = new Shape(p, p), dilation = new Shape(1, 1);
            try (NDManager m = base.newSubManager()) {
                NDArray xi = m.randomNormal(new Shape(n, c, hw, hw));
                NDArray w = m.randomNormal(new Shape(k, c, r, r)).mul(0.1f);
                NDArray b = m.zeros(new Shape(k), DataType.FLOAT32);
                out("conv " + names[s] + " forward", 1e6 * secondsPerCall(() -> {
                    try (NDManager sub = m.newSubManager()) {
                        xi.tempAttach(sub);
                        Conv2d.conv2d(xi, w, b, stride, pad, dilation);
                    }
                }), "us");
                // Fresh leaves each call (detached views of the same data, no copy) so every
                // backward writes new gradients, like torch_bench.py's "x.grad = None".
                out("conv " + names[s] + " forward+backward", 1e6 * secondsPerCall(() -> {
                    try (NDManager sub = m.newSubManager()) {
                        xi.tempAttach(sub);
                        w.tempAttach(sub);
                        b.tempAttach(sub);
                        NDArray xl = xi.stopGradient(), wl = w.stopGradient(), bl = b.stopGradient();
                        xl.setRequiresGradient(true);
                        wl.setRequiresGradient(true);
                        bl.setRequiresGradient(true);
                        try (GradientCollector gc = engine.newGradientCollector()) {
                            NDArray yy = Conv2d.conv2d(xl, wl, bl, stride, pad, dilation).singletonOrThrow();
                            gc.backward(yy); // output gradient = ones
                        }
                    }
                }), "us");
            }
        }
    }

    private static double secondsPerCall(Runnable f) {
        long end = System.nanoTime() + (long) (WARMUP * 1e9);
        while (System.nanoTime() < end) {
            f.run();
        }
        double best = Double.POSITIVE_INFINITY;
        long round = (long) (MEASURE / 5 * 1e9);
        for (int i = 0; i < 5; i++) {
            long n = 0, t0 = System.nanoTime(), t;
            do {
                f.run();
                n++;
                t = System.nanoTime();
            } while (t - t0 < round);
            best = Math.min(best, (t - t0) / 1e9 / n);
        }
        return best;
    }

    private static void out(String workload, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "%s,%s,%d,%.2f,%s", label, workload, threads, value, unit));
        System.out.flush();
    }

    private static double envDouble(String name, double dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : Double.parseDouble(v);
    }
}
