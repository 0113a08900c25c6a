package dev.flint.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Runs backward: an iterative topological sort (no recursion), then nodes in reverse order. */
final class Engine {
    private Engine() {
    }

    static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
        Node rootNode = root.gradFn != null ? root.gradFn : (root.requiresGrad() ? root.accumulator() : null);
        if (rootNode == null) {
            throw new IllegalStateException("backward: the tensor of shape " + Shapes.str(root.shape())
                    + " does not require grad and has no grad_fn");
        }
        List<Node> order = topologicalOrder(rootNode);
        Map<Node, Tensor> pending = new IdentityHashMap<>();
        pending.put(rootNode, gradient);
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Node node = order.get(i);
                Tensor g = pending.remove(node);
                if (node instanceof AccumulateGrad acc) {
                    if (g != null) {
                        acc.accumulate(g);
                    }
                    continue;
                }
                Function fn = (Function) node;
                if (g != null) {
                    Tensor[] grads = fn.runBackward(g);
                    for (int k = 0; k < grads.length; k++) {
                        Node target = fn.next[k];
                        if (target != null && grads[k] != null) {
                            pending.merge(target, grads[k], Tensor::add);
                        }
                    }
                }
                if (!retainGraph) {
                    fn.release();
                }
            }
        }
    }

    /** Post-order of the graph below {@code root} by an explicit-stack DFS; a released node fails here, before any work. */
    private static List<Node> topologicalOrder(Node root) {
        List<Node> order = new ArrayList<>();
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Node> nodes = new ArrayDeque<>();
        ArrayDeque<int[]> cursor = new ArrayDeque<>();
        nodes.push(root);
        cursor.push(new int[] {0});
        seen.put(root, Boolean.TRUE);
        while (!nodes.isEmpty()) {
            Node n = nodes.peek();
            if (n instanceof Function f && f.isReleased()) {
                f.runBackward(null); // throws the released-graph error
            }
            int[] c = cursor.peek();
            if (c[0] < n.next.length) {
                Node child = n.next[c[0]++];
                if (child != null && seen.put(child, Boolean.TRUE) == null) {
                    nodes.push(child);
                    cursor.push(new int[] {0});
                }
            } else {
                order.add(n);
                nodes.pop();
                cursor.pop();
            }
        }
        return order;
    }
}
