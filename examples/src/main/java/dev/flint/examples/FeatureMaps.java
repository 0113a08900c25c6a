package dev.flint.examples;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;
import dev.flint.core.Flint;
import dev.flint.data.DataLoader;
import dev.flint.data.MnistFamily;
import dev.flint.nn.F;
import dev.flint.nn.Module;
import dev.flint.nn.SafeTensors;
import dev.flint.nn.models.LeNet5;
import dev.flint.nn.viz.Images;
import dev.flint.optim.SGD;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Looking inside a trained LeNet-5, as the notes do after Zeiler and Fergus: the learned filters
 * of both convolutional layers, the activation maps (up to 16 channels per layer, captured with
 * forward hooks) of one test digit, and a saliency map (gradient of the class score with respect
 * to the input). The notes' fixed kernels, the 1/16 [1 2 1; 2 4 2; 1 2 1] blur and the
 * 8-neighbour Laplacian edge detector, are applied to the same digit to show what a filter does.
 * Loads weights saved by LeNet5Mnist when present, else trains one epoch first.
 */
public final class FeatureMaps {
    private FeatureMaps() {
    }

    /** Entry point; {@code --help} lists the options. */
    public static void main(String[] argv) throws Exception {
        Args a = new Args("FeatureMaps")
                .option("weights", "lenet5-mnist.safetensors", "LeNet-5 weights from LeNet5Mnist (trained briefly if missing)")
                .option("index", "0", "which MNIST test image to look at")
                .option("out", "feature-maps", "output directory for the PNGs")
                .option("threads", Integer.toString(Runtime.getRuntime().availableProcessors()), "compute threads");
        if (!a.parse(argv)) {
            return;
        }
        Flint.setNumThreads(a.getInt("threads"));
        Path out = Path.of(a.get("out"));
        Path dir = Training.dataDir(null, "mnist");
        LeNet5 model = new LeNet5(1, 10, new Generator(1));
        Path weights = Path.of(a.get("weights"));
        if (Files.exists(weights)) {
            model.loadStateDict(SafeTensors.load(weights));
            System.out.println("loaded " + weights.toAbsolutePath());
        } else {
            System.out.println(weights + " not found: training LeNet-5 for one epoch first");
            MnistFamily train = Training.load("mnist", dir, true);
            Training.trainEpoch(model, SGD.momentum(model.parameters(), 0.05, 0.9), new DataLoader(train, 64, true, 1, false), "epoch 1", System.out);
        }
        model.eval();
        MnistFamily test = Training.load("mnist", dir, false);
        int index = a.getInt("index");
        Tensor digit = test.inputs().narrow(0, index, 1).contiguous();

        // learned filters of each conv layer
        Module features = model.namedChildren().get("features");
        for (String conv : new String[] {"0", "3"}) {
            Tensor w = features.namedChildren().get(conv).namedParameters().get("weight");
            Images.writePng(Images.filters(w, 8), out.resolve("filters-conv" + conv + ".png"));
        }

        // activation maps through forward hooks
        Map<String, Tensor> acts = new LinkedHashMap<>();
        var handles = new java.util.ArrayList<Module.HookHandle>();
        for (var e : features.namedChildren().entrySet()) {
            String name = "features." + e.getKey() + "-" + e.getValue().getClass().getSimpleName();
            handles.add(e.getValue().registerForwardHook((m, in, o) -> acts.put(name, o.detach())));
        }
        Tensor x = digit.detach().requiresGrad(true);
        Tensor logits = model.call(x);
        handles.forEach(Module.HookHandle::remove);
        for (var e : acts.entrySet()) {
            Images.writePng(Images.activations(e.getValue(), 16, 6), out.resolve("activations-" + e.getKey() + ".png"));
        }

        // saliency: d(score of the predicted class) / d(input)
        int predicted = logits.argmaxArray(1)[0];
        logits.select(1, predicted).sum().backward();
        Images.writePng(Images.saliency(x.grad(), 8), out.resolve("saliency.png"));

        // the notes' fixed kernels on the same digit
        Tensor blur = Tensor.of(new float[] {1, 2, 1, 2, 4, 2, 1, 2, 1}, 1, 1, 3, 3).div(16f);
        Tensor laplace = Tensor.of(new float[] {-1, -1, -1, -1, 8, -1, -1, -1, -1}, 1, 1, 3, 3);
        BufferedImage row = Images.row(4, Images.grid(digit.select(0, 0), 1, 0, 6, true),
                Images.grid(F.conv2d(digit, blur, null, 1, 1).select(0, 0), 1, 0, 6, true),
                Images.grid(F.conv2d(digit, laplace, null, 1, 1).select(0, 0), 1, 0, 6, true));
        Images.writePng(row, out.resolve("fixed-kernels.png"));
        System.out.printf(Locale.ROOT, "test image %d: label %d, predicted %d; wrote filters, %d activation grids, saliency and fixed kernels to %s%n",
                index, test.labels()[index], predicted, acts.size(), out.toAbsolutePath());
    }
}
