package dev.flint.core;

/** The graph sink of a leaf tensor: adds incoming gradients into {@code leaf.grad()}. */
final class AccumulateGrad extends Node {
    final Tensor leaf;

    AccumulateGrad(Tensor leaf) {
        this.leaf = leaf;
    }

    void accumulate(Tensor g) {
        if (!java.util.Arrays.equals(g.shape(), leaf.shape())) {
            throw new IllegalStateException("backward: gradient of shape " + Shapes.str(g.shape())
                    + " does not match leaf of shape " + Shapes.str(leaf.shape()));
        }
        Tensor current = leaf.grad();
        if (current == null) {
            // A copy, because an incoming gradient may alias another tensor (Add passes its grad to
            // both sides); made outside any MemoryScope, because gradients outlive the step.
            leaf.setGrad(MemoryScope.outside(g::copy));
        } else {
            // Into the existing buffer, as PyTorch: with zeroGrad(false) a step allocates no gradients.
            InPlace.apply("backward", current, g, dev.flint.core.kernel.pointwise.Binary.ADD);
        }
    }

    @Override
    String name() {
        return "AccumulateGrad";
    }
}
