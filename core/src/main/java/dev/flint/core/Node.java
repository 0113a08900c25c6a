package dev.flint.core;

/**
 * A vertex of the backward graph: either an op ({@link Function}) or the sink that accumulates
 * into a leaf's {@code grad} ({@link AccumulateGrad}). {@code next[i]} is the node that receives
 * the gradient for input i, or null when input i needs none. Nodes hold no activations of their
 * own: only what a {@link Function} saved for backward, released after backward.
 */
abstract sealed class Node permits Function, AccumulateGrad {
    Node[] next = new Node[0];

    /** A name for error messages and debug dumps, e.g. {@code MulBackward}. */
    abstract String name();
}
