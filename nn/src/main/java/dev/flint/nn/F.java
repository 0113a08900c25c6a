package dev.flint.nn;

import dev.flint.core.Autograd;
import dev.flint.core.Generator;
import dev.flint.core.Tensor;
import dev.flint.core.kernel.conv.ConvGeometry;
import dev.flint.core.kernel.pool.PoolGeometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The functional API, as {@code torch.nn.functional}: stateless ops on tensors, all
 * differentiable. Layers in this package are thin modules over these. Shapes are NCHW (NCL for
 * 1-D); a bad shape throws an exception naming the op and the shapes.
 */
public final class F {
    private F() {
    }

    // ---------------------------------------------------------------- convolution

    /** 2-D convolution, torch.nn.functional.conv2d; int[] arguments have 1 or 2 entries (H, W). */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        if (input.dim() == 3) {
            return conv2d(input.unsqueeze(0), weight, bias, stride, padding, dilation, groups).squeeze(0);
        }
        int[] s = pair("conv2d", "stride", stride, 1);
        int[] p = pair("conv2d", "padding", padding, 0);
        int[] d = pair("conv2d", "dilation", dilation, 1);
        if (input.dim() != 4) {
            throw new IllegalArgumentException("conv2d: expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape "
                    + Arrays.toString(input.shape()));
        }
        if (weight.dim() != 4) {
            throw new IllegalArgumentException("conv2d: expected a 4-D weight (out, in/groups, kH, kW), got shape "
                    + Arrays.toString(weight.shape()));
        }
        ConvGeometry g = ConvGeometry.conv2d("conv2d", input.shape(), weight.shape(), bias == null ? null : bias.shape(), s, p, d, groups);
        ConvOps.Conv2d op = new ConvOps.Conv2d(g);
        return bias == null ? op.apply(input, weight) : op.apply(input, weight, bias);
    }

    /** conv2d with the same stride and padding on both axes, no dilation, one group. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(input, weight, bias, new int[] {stride}, new int[] {padding}, new int[] {1}, 1);
    }

    /** 1-D convolution over (N, C, L) with weight (out, in/groups, k): a conv2d with height 1. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        if (input.dim() == 2) {
            return conv1d(input.unsqueeze(0), weight, bias, stride, padding, dilation, groups).squeeze(0);
        }
        if (input.dim() != 3 || weight.dim() != 3) {
            throw new IllegalArgumentException("conv1d: expected input (N, C, L) and weight (out, in/groups, k), got shapes "
                    + Arrays.toString(input.shape()) + " and " + Arrays.toString(weight.shape()));
        }
        Tensor out = conv2d(input.unsqueeze(2), weight.unsqueeze(2), bias, new int[] {1, stride}, new int[] {0, padding},
                new int[] {1, dilation}, groups);
        return out.squeeze(2);
    }

    /** conv1d with no dilation and one group. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
        return conv1d(input, weight, bias, stride, padding, 1, 1);
    }

    /**
     * Transposed 2-D convolution, torch.nn.functional.conv_transpose2d: weight
     * [in, out/groups, kH, kW]; output size {@code (in - 1) * stride - 2 * padding +
     * dilation * (k - 1) + outputPadding + 1}. int[] arguments have 1 or 2 entries (H, W).
     */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int groups, int[] dilation) {
        if (input.dim() == 3) {
            return convTranspose2d(input.unsqueeze(0), weight, bias, stride, padding, outputPadding, groups, dilation).squeeze(0);
        }
        String op = "convTranspose2d";
        int[] s = pair(op, "stride", stride, 1);
        int[] p = pair(op, "padding", padding, 0);
        int[] op2 = pair(op, "output_padding", outputPadding, 0);
        int[] d = pair(op, "dilation", dilation, 1);
        if (input.dim() != 4 || weight.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected input (N, C, H, W) and weight (in, out/groups, kH, kW), got shapes "
                    + Arrays.toString(input.shape()) + " and " + Arrays.toString(weight.shape()));
        }
        // The convolution that maps the output back onto the input's shape.
        ConvGeometry g = ConvGeometry.transposed(op, input.shape(), weight.shape(), bias == null ? null : bias.shape(), s, p, op2, d, groups);
        ConvOps.ConvTranspose2d f = new ConvOps.ConvTranspose2d(g);
        return bias == null ? f.apply(input, weight) : f.apply(input, weight, bias);
    }

    // ---------------------------------------------------------------- resampling and padding

    /**
     * Resizes the spatial dims of an NCHW tensor, torch.nn.functional.interpolate with
     * {@code size}: mode "nearest" or "bilinear" ({@code alignCorners} only for bilinear).
     */
    public static Tensor interpolate(Tensor input, int[] size, String mode, boolean alignCorners) {
        int[] sz = pair("interpolate", "size", size, 1);
        return interpolate(input, sz[0], sz[1], mode, alignCorners, -1, -1);
    }

    /**
     * Resizes by {@code scaleFactor} (1 or 2 entries): output size floor(in * scale), and source
     * coordinates computed from the scale factor itself, as PyTorch does without
     * recompute_scale_factor.
     */
    public static Tensor interpolate(Tensor input, double[] scaleFactor, String mode, boolean alignCorners) {
        if (scaleFactor == null || (scaleFactor.length != 1 && scaleFactor.length != 2)
                || Arrays.stream(scaleFactor).anyMatch(v -> !(v > 0) || Double.isInfinite(v))) {
            throw new IllegalArgumentException("interpolate: scale_factor needs 1 or 2 positive values, got "
                    + Arrays.toString(scaleFactor));
        }
        double sh = scaleFactor[0];
        double sw = scaleFactor.length == 2 ? scaleFactor[1] : sh;
        checkNchw("interpolate", input);
        int oh = (int) Math.floor(input.size(2) * sh);
        int ow = (int) Math.floor(input.size(3) * sw);
        return interpolate(input, oh, ow, mode, alignCorners, sh, sw);
    }

    private static Tensor interpolate(Tensor input, int oh, int ow, String mode, boolean alignCorners, double sh, double sw) {
        checkNchw("interpolate", input);
        boolean bilinear;
        switch (mode) {
            case "nearest" -> bilinear = false;
            case "bilinear" -> bilinear = true;
            default -> throw new IllegalArgumentException("interpolate: mode '" + mode + "' is not supported (nearest, bilinear)");
        }
        if (alignCorners && !bilinear) {
            throw new IllegalArgumentException("interpolate: align_corners applies only to bilinear, not " + mode);
        }
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException("interpolate: output size " + oh + "x" + ow + " for input of shape "
                    + Arrays.toString(input.shape()) + " is empty");
        }
        return new ResizeOps.Interpolate(oh, ow, bilinear, alignCorners, sh, sw).apply(input);
    }

    private static void checkNchw(String op, Tensor input) {
        if (input.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected a 4-D (N, C, H, W) input, got shape " + Arrays.toString(input.shape()));
        }
    }

    /**
     * Pads the last dims, torch.nn.functional.pad: {@code pad} holds (before, after) pairs starting
     * from the last dim; mode "constant" (negative amounts crop), "reflect" (mirror without
     * repeating the edge; each amount smaller than the dim) or "replicate" (repeat the edge).
     */
    public static Tensor pad(Tensor input, int[] pad, String mode, float value) {
        int[] shape = input.shape();
        if (pad.length % 2 != 0 || pad.length / 2 > shape.length) {
            throw new IllegalArgumentException("pad: padding " + Arrays.toString(pad) + " must have an even length of at most 2 x "
                    + shape.length + " for input of shape " + Arrays.toString(shape));
        }
        if (!mode.equals("constant") && !mode.equals("reflect") && !mode.equals("replicate")) {
            throw new IllegalArgumentException("pad: mode '" + mode + "' is not supported (constant, reflect, replicate)");
        }
        if (!mode.equals("constant") && value != 0) {
            throw new IllegalArgumentException("pad: a fill value applies only to constant mode, not " + mode);
        }
        int[][] maps = new int[shape.length][];
        int[] out = shape.clone();
        for (int k = 0; k < pad.length / 2; k++) {
            int d = shape.length - 1 - k;
            int before = pad[2 * k];
            int after = pad[2 * k + 1];
            int n = shape[d];
            out[d] = n + before + after;
            if (out[d] <= 0) {
                throw new IllegalArgumentException("pad: padding " + Arrays.toString(pad) + " leaves dim " + d + " of input shape "
                        + Arrays.toString(shape) + " with size " + out[d]);
            }
            if (mode.equals("reflect") && (before >= n || after >= n || before < 0 || after < 0)) {
                throw new IllegalArgumentException("pad: reflect padding " + before + "," + after + " of dim " + d
                        + " must be non-negative and smaller than its size " + n + " (input shape " + Arrays.toString(shape) + ")");
            }
            if (mode.equals("replicate") && (before < 0 || after < 0)) {
                throw new IllegalArgumentException("pad: replicate padding must be non-negative, got " + Arrays.toString(pad));
            }
            int[] map = new int[out[d]];
            for (int o = 0; o < map.length; o++) {
                int i = o - before;
                if (mode.equals("constant")) {
                    map[o] = i >= 0 && i < n ? i : -1;
                } else if (mode.equals("reflect")) {
                    map[o] = i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
                } else {
                    map[o] = Math.min(Math.max(i, 0), n - 1);
                }
            }
            maps[d] = map;
        }
        return new PadOps.Pad(maps, out, value).apply(input);
    }

    /** Constant padding with zeros. */
    public static Tensor pad(Tensor input, int... pad) {
        return pad(input, pad, "constant", 0f);
    }

    // ---------------------------------------------------------------- pooling

    /** Max pooling with square windows; overlapping windows (stride &lt; kernel) are allowed. */
    public static Tensor maxPool2d(Tensor input, int kernel, int stride, int padding) {
        return maxPool2d(input, new int[] {kernel}, new int[] {stride}, new int[] {padding}, new int[] {1}, false);
    }

    /** Max pooling, torch.nn.functional.max_pool2d. */
    public static Tensor maxPool2d(Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        PoolGeometry g = pool("maxPool2d", input, kernel, stride, padding, dilation, ceilMode);
        return new PoolOps.MaxPool2d(g).apply(input);
    }

    /** Average pooling with square windows, padding counted in the divisor (PyTorch's default). */
    public static Tensor avgPool2d(Tensor input, int kernel, int stride, int padding) {
        return avgPool2d(input, new int[] {kernel}, new int[] {stride}, new int[] {padding}, false, true);
    }

    /** Average pooling, torch.nn.functional.avg_pool2d. */
    public static Tensor avgPool2d(Tensor input, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        PoolGeometry g = pool("avgPool2d", input, kernel, stride, padding, new int[] {1}, ceilMode);
        return new PoolOps.AvgPool2d(g, countIncludePad).apply(input);
    }

    /** Adaptive average pooling to (outH, outW); (1, 1) is global average pooling. */
    public static Tensor adaptiveAvgPool2d(Tensor input, int outH, int outW) {
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException("adaptiveAvgPool2d: expected a 3-D or 4-D input, got shape "
                    + Arrays.toString(input.shape()));
        }
        if (outH <= 0 || outW <= 0 || input.size(-1) == 0 || input.size(-2) == 0) {
            throw new IllegalArgumentException("adaptiveAvgPool2d: output size " + outH + "x" + outW
                    + " is invalid for input of shape " + Arrays.toString(input.shape()));
        }
        return new PoolOps.AdaptiveAvgPool2d(outH, outW).apply(input);
    }

    private static PoolGeometry pool(String op, Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation,
                                     boolean ceilMode) {
        int[][] w = poolParams(op, kernel, stride, padding, dilation);
        return PoolGeometry.of(op, input.shape(), w[0], w[1], w[2], w[3], ceilMode);
    }

    /**
     * A pooling window's kernel, stride (empty or null: the kernel), padding and dilation as pairs,
     * checked: what F's pooling and the pooling modules' constructors accept.
     */
    static int[][] poolParams(String op, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        int[] k = pair(op, "kernel", kernel, 1);
        int[] s = stride == null || stride.length == 0 ? k : pair(op, "stride", stride, 1);
        int[] p = pair(op, "padding", padding, 0);
        int[] d = pair(op, "dilation", dilation, 1);
        PoolGeometry.checkWindow(op, k, p);
        return new int[][] {k, s, p, d};
    }

    /** One or two values as a pair, each at least {@code min}. */
    static int[] pair(String op, String name, int[] v, int min) {
        if (v == null || (v.length != 1 && v.length != 2)) {
            throw new IllegalArgumentException(op + ": " + name + " needs 1 or 2 values, got " + Arrays.toString(v));
        }
        int[] p = v.length == 1 ? new int[] {v[0], v[0]} : v.clone();
        if (p[0] < min || p[1] < min) {
            throw new IllegalArgumentException(op + ": " + name + " " + Arrays.toString(v) + " must be >= " + min);
        }
        return p;
    }

    // ---------------------------------------------------------------- dense, activations

    /** x W^T + b, with weight (out, in) as torch.nn.functional.linear; bias may be null. */
    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        if (weight.dim() != 2 || input.dim() < 1 || input.size(-1) != weight.size(1)) {
            throw new IllegalArgumentException("linear: input of shape " + Arrays.toString(input.shape())
                    + " does not fit weight of shape " + Arrays.toString(weight.shape()) + " (expects last dim "
                    + (weight.dim() == 2 ? weight.size(1) : "?") + ")");
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != weight.size(0))) {
            throw new IllegalArgumentException("linear: bias of shape " + Arrays.toString(bias.shape())
                    + " does not match weight of shape " + Arrays.toString(weight.shape()));
        }
        Tensor out = input.matmul(weight.t());
        return bias == null ? out : out.add(bias);
    }

    /** max(x, 0). */
    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    /** Logistic sigmoid. */
    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    /** Hyperbolic tangent. */
    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    /** log(softmax(x)) along dim: the fused {@link Tensor#logSoftmax} (x - logsumexp(x), never overflows). */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return x.logSoftmax(dim);
    }

    /** softmax along dim. */
    public static Tensor softmax(Tensor x, int dim) {
        return x.softmax(dim);
    }

    /** Inverted dropout from the default generator: zeroes with probability p and scales by 1/(1-p) in training. */
    public static Tensor dropout(Tensor x, float p, boolean training) {
        return dropout(x, p, training, Generator.defaultGenerator());
    }

    /** Inverted dropout drawing its mask from {@code rng}. */
    public static Tensor dropout(Tensor x, float p, boolean training, RandomGenerator rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout: probability must be in [0, 1], got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        if (p == 1) {
            return x.mul(0f);
        }
        Tensor keep = Tensor.rand(rng, x.shape()).ge(p).mul(1f / (1f - p));
        return x.mul(keep);
    }

    /**
     * Channel dropout, torch.nn.functional.dropout2d: in training, zeroes whole channels of an
     * (N, C, H, W) or (C, H, W) input with probability {@code p} and scales the rest by 1/(1-p).
     */
    public static Tensor dropout2d(Tensor x, float p, boolean training, RandomGenerator rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout2d: probability must be in [0, 1], got " + p);
        }
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException("dropout2d: expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape "
                    + Arrays.toString(x.shape()));
        }
        if (!training || p == 0) {
            return x;
        }
        if (p == 1) {
            return x.mul(0f);
        }
        int[] maskShape = x.shape();
        maskShape[maskShape.length - 1] = 1;
        maskShape[maskShape.length - 2] = 1;
        Tensor keep = Tensor.rand(rng, maskShape).ge(p).mul(1f / (1f - p));
        return x.mul(keep);
    }

    /** Channel dropout drawing from the default generator. */
    public static Tensor dropout2d(Tensor x, float p, boolean training) {
        return dropout2d(x, p, training, Generator.defaultGenerator());
    }

    /**
     * Local response normalisation across channels (AlexNet 2012), torch.nn.functional.local_response_norm:
     * {@code b_c = a_c / (k + alpha/n * sum_{c' in window} a_c'^2)^beta}, the window of {@code size}
     * channels centred on c (size/2 before, (size-1)/2 after), zero beyond the edges.
     */
    public static Tensor localResponseNorm(Tensor x, int size, float alpha, float beta, float k) {
        if (x.dim() < 3) {
            throw new IllegalArgumentException("localResponseNorm: expected an input of rank >= 3 (N, C, ...), got shape "
                    + Arrays.toString(x.shape()));
        }
        if (size < 1) {
            throw new IllegalArgumentException("localResponseNorm: size must be >= 1, got " + size);
        }
        int channels = x.size(1);
        int[] padSpec = new int[2 * (x.dim() - 1)];
        padSpec[padSpec.length - 2] = size / 2;
        padSpec[padSpec.length - 1] = (size - 1) / 2;
        Tensor sq = pad(x.mul(x), padSpec, "constant", 0f);
        Tensor sum = sq.narrow(1, 0, channels);
        for (int j = 1; j < size; j++) {
            sum = sum.add(sq.narrow(1, j, channels));
        }
        Tensor div = sum.mul(alpha / size).add(k).pow(beta);
        return x.div(div);
    }

    // ---------------------------------------------------------------- losses

    /** Cross-entropy of logits (N, C) against class indices, mean over the batch (torch's default). */
    public static Tensor crossEntropy(Tensor logits, int[] targets) {
        return crossEntropy(logits, targets, Reduction.MEAN);
    }

    /** Cross-entropy of logits (N, C) against class indices: log-softmax, then negative log-likelihood. */
    public static Tensor crossEntropy(Tensor logits, int[] targets, Reduction reduction) {
        return crossEntropy(logits, targets, reduction, 0f);
    }

    /**
     * Cross-entropy with label smoothing, as torch.nn.functional.cross_entropy's
     * {@code label_smoothing}: the target of each sample is {@code (1 - s)} on its class plus
     * {@code s / C} spread over all C classes, so the per-sample loss is
     * {@code (1 - s) * -log p[y] + s * mean_c(-log p[c])}.
     *
     * @param labelSmoothing in [0, 1]; 0 is plain cross-entropy
     */
    public static Tensor crossEntropy(Tensor logits, int[] targets, Reduction reduction, float labelSmoothing) {
        if (logits.dim() != 2) {
            throw new IllegalArgumentException("crossEntropy: expected logits of shape (N, C), got "
                    + Arrays.toString(logits.shape()));
        }
        checkLabelSmoothing("crossEntropy", labelSmoothing);
        Tensor logProbs = logSoftmax(logits, 1);
        Tensor nll = nllLoss(logProbs, targets, Reduction.NONE);
        if (labelSmoothing == 0f) {
            return reduction.apply(nll);
        }
        Tensor uniform = logProbs.sum(1, false).neg().div(logits.size(1));
        return reduction.apply(nll.mul(1f - labelSmoothing).add(uniform.mul(labelSmoothing)));
    }

    static void checkLabelSmoothing(String op, float labelSmoothing) {
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f)) {
            throw new IllegalArgumentException(op + ": labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
    }

    /** Negative log-likelihood of log-probabilities (N, C) at the target classes. */
    public static Tensor nllLoss(Tensor logProbs, int[] targets, Reduction reduction) {
        java.util.Objects.requireNonNull(targets, "nllLoss: targets is null");
        if (logProbs.dim() != 2 || logProbs.size(0) != targets.length) {
            throw new IllegalArgumentException("nllLoss: input of shape " + Arrays.toString(logProbs.shape())
                    + " does not match " + targets.length + " targets");
        }
        int classes = logProbs.size(1);
        float[] idx = new float[targets.length];
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] < 0 || targets[i] >= classes) {
                throw new IndexOutOfBoundsException("nllLoss: target " + targets[i] + " at position " + i
                        + " is out of bounds for " + classes + " classes");
            }
            idx[i] = targets[i];
        }
        Tensor picked = logProbs.gather(1, Tensor.wrap(idx, targets.length, 1)).reshape(targets.length);
        return reduction.apply(picked.neg());
    }

    /** Mean squared error; the shapes must match exactly (no silent broadcast). */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, Reduction.MEAN);
    }

    /** Squared error with the given reduction; the shapes must match exactly. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        sameShape("mseLoss", input, target);
        Tensor d = input.sub(target);
        return reduction.apply(d.mul(d));
    }

    /** Binary cross-entropy on logits (multi-label outputs), mean reduction; shapes must match. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
        return binaryCrossEntropyWithLogits(logits, target, Reduction.MEAN);
    }

    /** Binary cross-entropy on logits with the given reduction, computed stably. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target, Reduction reduction) {
        sameShape("binaryCrossEntropyWithLogits", logits, target);
        return reduction.apply(new LossOps.BinaryCrossEntropyWithLogits().apply(logits, target));
    }

    private static void sameShape(String op, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": input of shape " + Arrays.toString(a.shape())
                    + " and target of shape " + Arrays.toString(b.shape()) + " differ");
        }
    }

    // ---------------------------------------------------------------- normalisation

    /**
     * Batch normalisation over (N, C, H, W) per channel, as torch.nn.functional.batch_norm. In
     * training it normalises with the batch's mean and biased variance and updates the running
     * statistics in place ({@code running = (1 - momentum) * running + momentum * batch}, with the
     * unbiased variance); in evaluation it uses the running statistics.
     */
    public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, float momentum, float eps) {
        if (input.dim() != 4 && input.dim() != 2) {
            throw new IllegalArgumentException("batchNorm: expected a 2-D (N, C) or 4-D (N, C, H, W) input, got shape "
                    + Arrays.toString(input.shape()));
        }
        int c = input.size(1);
        checkChannels("batchNorm", "weight", weight, c);
        checkChannels("batchNorm", "bias", bias, c);
        int n = input.numel() / c;
        if (training && n <= 1) {
            throw new IllegalArgumentException("batchNorm: expected more than 1 value per channel when training, got input of shape "
                    + Arrays.toString(input.shape()));
        }
        float[] fixedMean = null;
        float[] fixedVar = null;
        if (!training) {
            if (runningMean == null || runningVar == null) {
                throw new IllegalArgumentException("batchNorm: evaluation needs running statistics");
            }
            checkChannels("batchNorm", "running_mean", runningMean, c);
            checkChannels("batchNorm", "running_var", runningVar, c);
            fixedMean = runningMean.toArray();
            fixedVar = runningVar.toArray();
        }
        NormOps.BatchNorm op = new NormOps.BatchNorm(training, eps, weight != null, bias != null, fixedMean, fixedVar);
        List<Tensor> inputs = new ArrayList<>(3);
        inputs.add(input);
        if (weight != null) {
            inputs.add(weight);
        }
        if (bias != null) {
            inputs.add(bias);
        }
        Tensor y = op.apply(inputs.toArray(new Tensor[0]));
        if (training && runningMean != null && runningVar != null) {
            try (var g = Autograd.noGrad()) {
                runningMean.mul_(1 - momentum).add_(Tensor.of(op.batchMean()), momentum);
                runningVar.mul_(1 - momentum).add_(Tensor.of(op.batchVar()), momentum * n / (float) (n - 1));
            }
        }
        return y;
    }

    private static void checkChannels(String op, String what, Tensor t, int c) {
        if (t != null && (t.dim() != 1 || t.size(0) != c)) {
            throw new IllegalArgumentException(op + ": expected " + what + " of shape [" + c + "] for an input with " + c
                    + " channels, got " + Arrays.toString(t.shape()));
        }
    }
}
