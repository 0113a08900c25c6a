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
        // Out of place: an incoming gradient may alias another tensor (Add passes its grad to both sides).
        leaf.setGrad(current == null ? g.copy() : current.add(g));
    }

    @Override
    String name() {
        return "AccumulateGrad";
    }
}
