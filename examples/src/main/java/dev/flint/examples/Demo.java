package dev.flint.examples;

import dev.flint.core.Autograd;
import dev.flint.core.Generator;
import dev.flint.core.Tensor;

/**
 * The README's main job until the LeNet-5 example lands: the lecture notes' worked graph, then a
 * two-layer perceptron fitted to XOR with plain gradient descent on Flint's autograd.
 */
public final class Demo {
    private Demo() {
    }

    /** Runs the demo; {@code --epochs N} and {@code --seed S} are optional. */
    public static void main(String[] args) {
        int epochs = 2000;
        long seed = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--help", "-h" -> {
                    System.out.println("usage: Demo [--epochs N] [--seed S]");
                    return;
                }
                default -> throw new IllegalArgumentException("Demo: unknown option " + args[i] + " (try --help)");
            }
        }

        // f(x, y, z) = (x + y) * z at x = -2, y = 5, z = 4
        Tensor x = Tensor.scalar(-2).requiresGrad(true);
        Tensor y = Tensor.scalar(5).requiresGrad(true);
        Tensor z = Tensor.scalar(4).requiresGrad(true);
        Tensor f = x.add(y).mul(z);
        f.backward();
        System.out.printf("f = %s; df/dx = %s, df/dy = %s, df/dz = %s%n", f.item(), x.grad().item(), y.grad().item(), z.grad().item());

        // XOR with a 2-8-1 perceptron: tanh hidden layer, sigmoid output, MSE loss.
        Generator rng = new Generator(seed);
        Tensor inputs = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor targets = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
        Tensor w1 = Tensor.randn(rng, 2, 8).requiresGrad(true);
        Tensor b1 = Tensor.zeros(8).requiresGrad(true);
        Tensor w2 = Tensor.randn(rng, 8, 1).requiresGrad(true);
        Tensor b2 = Tensor.zeros(1).requiresGrad(true);
        Tensor[] params = {w1, b1, w2, b2};
        float lr = 0.5f;
        Tensor out = null;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            out = inputs.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sigmoid();
            Tensor loss = out.sub(targets).pow(2f).mean();
            for (Tensor p : params) {
                p.zeroGrad();
            }
            loss.backward();
            try (var g = Autograd.noGrad()) {
                for (Tensor p : params) {
                    p.sub_(p.grad().mul(lr));
                }
            }
            if (epoch == 1 || epoch % (epochs / 4) == 0) {
                System.out.printf("epoch %5d  mse %.5f%n", epoch, loss.item());
            }
        }
        System.out.println("XOR predictions for (0,0) (0,1) (1,0) (1,1):");
        System.out.println(out.detach().reshape(-1));
    }
}
