import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.Locale;
import java.util.Properties;

/**
 * Deeplearning4j 1.0.0-M2.1 (ND4J native CPU backend, AVX-512 build of libnd4j, OpenBLAS 0.3.19)
 * on the LeNet-5 workloads of Flint's LeNetBench, timed like torch_bench.py (warm up ~2 s, then 5
 * rounds of ~0.8 s, best round's time per call).
 *
 * <p>Usage: Dl4jBench LABEL THREADS. Prints CSV rows {@code peer,workload,threads,value,unit}.
 * Run with OMP_NUM_THREADS=THREADS (run.sh does); the program also sets ND4J's and OpenBLAS's
 * thread counts to THREADS and prints the backend's environment (binary level, BLAS vendor,
 * threads) to stderr. WARMUP_S / MEASURE_S (total of the 5 rounds) override the durations;
 * QUICK=1 halves them.
 *
 * <p>The model is the usual DL4J MultiLayerConfiguration: ConvolutionLayer 5x5 (padding 2, then
 * none) with ReLU, SubsamplingLayer MAX 2x2, DenseLayers 120 and 84 with ReLU, OutputLayer softmax
 * with NEGATIVELOGLIKELIHOOD (= cross-entropy, mean over the batch). DL4J's Sgd updater has no
 * momentum, so the updater is Nesterovs(lr 0.01, momentum 0.9), DL4J's momentum SGD (Nesterov
 * form; the same work per step as PyTorch's SGD momentum). One train step is model.fit(DataSet) on
 * a fixed random batch of 64 (labels one-hot, as DL4J requires); inference is model.output(x,
 * false). ND4J executes eagerly: output() and fit() return when the work is done.
 */
public final class Dl4jBench {

    private static final double SCALE = System.getenv("QUICK") != null ? 0.5 : 1.0;
    private static final double WARMUP = envDouble("WARMUP_S", 2.0) * SCALE;
    private static final double MEASURE = envDouble("MEASURE_S", 4.0) * SCALE;

    private static String label;
    private static int threads;

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: Dl4jBench LABEL THREADS");
            System.exit(2);
        }
        label = args[0];
        threads = Integer.parseInt(args[1]);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        System.err.printf("dl4j: java %s, backend %s, binary level %s, BLAS %s threads %d, ND4J threads %d, OMP_NUM_THREADS=%s%n",
                System.getProperty("java.version"), Nd4j.getBackend().getClass().getSimpleName(),
                binaryLevel(), env.get("blas.vendor"), Nd4j.factory().blas().getMaxThreads(),
                Nd4j.getEnvironment().maxThreads(), System.getenv("OMP_NUM_THREADS"));

        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(1)
                .updater(new Nesterovs(0.01, 0.9))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).nIn(1).nOut(6).stride(1, 1).padding(2, 2)
                        .activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).stride(1, 1)
                        .activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(120).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(84).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD)
                        .nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build();
        MultiLayerNetwork model = new MultiLayerNetwork(conf);
        model.init();

        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(new long[] {64, 1, 28, 28});
        INDArray y = Nd4j.zeros(64, 10);
        for (int i = 0; i < 64; i++) {
            y.putScalar(i, i % 10, 1.0);
        }
        DataSet batch = new DataSet(x, y);
        out("lenet5 train step b64", 64 / secondsPerCall(() -> model.fit(batch)), "img/s");

        INDArray x256 = Nd4j.randn(new long[] {256, 1, 28, 28});
        INDArray x1 = Nd4j.randn(new long[] {1, 1, 28, 28});
        out("lenet5 inference b256", 256 / secondsPerCall(() -> model.output(x256, false)), "img/s");
        out("lenet5 latency b1", 1e6 * secondsPerCall(() -> model.output(x1, false)), "us");
    }

    private static String binaryLevel() {
        // What libnd4j was compiled for, and what this CPU supports (3 = AVX-512, 2 = AVX2).
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        return level(ops.binaryLevel()) + " (CPU " + level(ops.optimalLevel()) + ")";
    }

    private static String level(int l) {
        return l == 3 ? "AVX512" : l == 2 ? "AVX2" : "level " + l;
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
