package dev.flint.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.flint.core.testing.Derivatives;
import dev.flint.core.testing.OpTable;
import dev.flint.core.testing.OpTable.Case;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OpInfo-lite: every differentiable op registered once with sample inputs (contiguous,
 * transposed/strided views, broadcast), each gradchecked. {@link #everyOpHasAnEntry} fails when
 * an op class exists that no entry's graph exercises.
 */
class OpGradCheckTest {
    private static final Set<String> COVERED = Collections.synchronizedSet(new TreeSet<>());

    private static Generator rng(String name) {
        return new Generator(name.hashCode());
    }

    /** Standard normal values. */
    private static Tensor n(Generator g, int... shape) {
        return Tensor.randn(g, shape).requiresGrad(true);
    }

    /** Values in +-[0.3, 1.3): at least 0.3 from the kinks of relu/abs/clamp at 0. */
    private static Tensor away(Generator g, int... shape) {
        Tensor u = Tensor.rand(g, shape).add(0.3f);
        Tensor s = Tensor.rand(g, shape).gt(0.5f).mul(2f).sub(1f);
        return u.mul(s).requiresGrad(true);
    }

    /** Values in [0.5, 2): safe for log, sqrt, division and pow. */
    private static Tensor pos(Generator g, int... shape) {
        return Tensor.rand(g, shape).mul(1.5f).add(0.5f).requiresGrad(true);
    }

    /** A permutation of well-separated values (no ties, gaps of 0.25 beyond the step): for max/min. */
    private static Tensor distinct(Generator g, int... shape) {
        int n = Shapes.numel(shape);
        List<Float> v = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            v.add(i * 0.25f - n * 0.125f);
        }
        Collections.shuffle(v, new java.util.Random(g.nextLong()));
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = v.get(i);
        }
        return Tensor.of(a, shape).requiresGrad(true);
    }

    private static Case c(String name, GradCheck.Fn fn, Supplier<Tensor[]> inputs) {
        return new Case(name, fn, inputs);
    }

    static Stream<Case> cases() {
        return Stream.of(
                // binary, with broadcasting and strided operands
                c("add", in -> in[0].add(in[1]), () -> new Tensor[] {n(rng("a1"), 3, 4), n(rng("a2"), 3, 4)}),
                c("add broadcast [3,1]+[4]", in -> in[0].add(in[1]), () -> new Tensor[] {n(rng("a3"), 3, 1), n(rng("a4"), 4)}),
                c("add scalar", in -> in[0].add(2.5f), () -> new Tensor[] {n(rng("a5"), 5)}),
                c("sub broadcast [2,3,4]-[3,1]", in -> in[0].sub(in[1]), () -> new Tensor[] {n(rng("s1"), 2, 3, 4), n(rng("s2"), 3, 1)}),
                c("mul broadcast", in -> in[0].mul(in[1]), () -> new Tensor[] {n(rng("m1"), 2, 3, 4), n(rng("m2"), 3, 1)}),
                c("mul transposed operand", in -> in[0].transpose(0, 1).mul(in[1]), () -> new Tensor[] {n(rng("m3"), 4, 3), n(rng("m4"), 3, 4)}),
                c("div", in -> in[0].div(in[1]), () -> new Tensor[] {n(rng("d1"), 3, 4), pos(rng("d2"), 4)}),
                c("pow scalar", in -> in[0].pow(2.5f), () -> new Tensor[] {pos(rng("p1"), 6)}),
                c("pow tensor", in -> in[0].pow(in[1]), () -> new Tensor[] {pos(rng("p2"), 2, 3), n(rng("p3"), 3)}),
                c("maximum", in -> in[0].maximum(in[1]), () -> new Tensor[] {distinct(rng("x1"), 3, 4), distinct(rng("x2"), 3, 4).add(0.1f).detach().requiresGrad(true)}),
                c("minimum broadcast", in -> in[0].minimum(in[1]), () -> new Tensor[] {distinct(rng("x3"), 3, 4), Tensor.of(new float[] {0.1f, -0.6f, 0.35f, 0.05f}).requiresGrad(true)}),
                c("where broadcast", in -> Tensor.where(Tensor.of(new float[] {1, 0, 1, 0}), in[0], in[1]),
                        () -> new Tensor[] {n(rng("w1"), 3, 4), n(rng("w2"), 3, 1)}),
                // unary
                c("neg", in -> in[0].neg(), () -> new Tensor[] {n(rng("u1"), 5)}),
                c("exp", in -> in[0].exp(), () -> new Tensor[] {n(rng("u2"), 2, 3)}),
                c("log", in -> in[0].log(), () -> new Tensor[] {pos(rng("u3"), 2, 3)}),
                c("sqrt", in -> in[0].sqrt(), () -> new Tensor[] {pos(rng("u4"), 2, 3)}),
                c("abs", in -> in[0].abs(), () -> new Tensor[] {away(rng("u5"), 2, 3)}),
                c("clamp", in -> in[0].clamp(-0.2f, 0.2f), () -> new Tensor[] {away(rng("u6"), 2, 3).mul(0.1f).detach().requiresGrad(true)}),
                c("clamp saturating", in -> in[0].clamp(-0.2f, 0.2f), () -> new Tensor[] {away(rng("u7"), 8)}),
                c("relu", in -> in[0].relu(), () -> new Tensor[] {away(rng("u8"), 3, 4)}),
                c("sigmoid", in -> in[0].sigmoid(), () -> new Tensor[] {n(rng("u9"), 3, 4)}),
                c("tanh", in -> in[0].tanh(), () -> new Tensor[] {n(rng("ua"), 3, 4)}),
                c("relu of strided view", in -> in[0].slice(1, 0, 4, 2).relu(), () -> new Tensor[] {away(rng("ub"), 3, 4)}),
                // views
                c("view", in -> in[0].view(4, 3).mul(in[1]), () -> new Tensor[] {n(rng("v1"), 2, 6), n(rng("v2"), 3)}),
                c("reshape of transposed (copies)", in -> in[0].t().reshape(-1).mul(in[1]), () -> new Tensor[] {n(rng("v3"), 3, 4), n(rng("v4"), 12)}),
                c("transpose", in -> in[0].transpose(0, 2).mul(in[1]), () -> new Tensor[] {n(rng("v5"), 2, 3, 4), n(rng("v6"), 4, 3, 2)}),
                c("permute", in -> in[0].permute(2, 0, 1).mul(in[1]), () -> new Tensor[] {n(rng("v7"), 2, 3, 4), n(rng("v8"), 4, 2, 3)}),
                c("narrow", in -> in[0].narrow(1, 1, 2).mul(in[1]), () -> new Tensor[] {n(rng("v9"), 3, 4), n(rng("va"), 3, 2)}),
                c("slice step 2", in -> in[0].slice(0, 1, 6, 2).mul(in[1]), () -> new Tensor[] {n(rng("vb"), 6, 2), n(rng("vc"), 3, 2)}),
                c("select", in -> in[0].select(1, -1).mul(in[1]), () -> new Tensor[] {n(rng("vd"), 3, 4), n(rng("ve"), 3)}),
                c("expand", in -> in[0].expand(2, 3, 4).mul(in[1]), () -> new Tensor[] {n(rng("vf"), 3, 1), n(rng("vg"), 2, 3, 4)}),
                c("squeeze/unsqueeze", in -> in[0].squeeze().unsqueeze(0).mul(in[1]), () -> new Tensor[] {n(rng("vh"), 3, 1, 2), n(rng("vi"), 1, 3, 2)}),
                c("flatten", in -> in[0].flatten(1, 2).mul(in[1]), () -> new Tensor[] {n(rng("vj"), 2, 3, 2), n(rng("vk"), 6)}),
                c("contiguous of permuted", in -> in[0].permute(1, 0).contiguous().mul(in[1]), () -> new Tensor[] {n(rng("vl"), 3, 2), n(rng("vm"), 2, 3)}),
                c("clone", in -> in[0].clone().mul(in[1]), () -> new Tensor[] {n(rng("vn"), 4), n(rng("vo"), 4)}),
                // reductions
                c("sum all", in -> in[0].mul(in[0]).sum(), () -> new Tensor[] {n(rng("r1"), 3, 4)}),
                c("sum dims keepDim", in -> in[0].sum(new int[] {0, 2}, true).mul(in[1]), () -> new Tensor[] {n(rng("r2"), 2, 3, 4), n(rng("r3"), 1, 3, 1)}),
                c("sum of transposed", in -> in[0].t().sum(1, false).mul(in[1]), () -> new Tensor[] {n(rng("r4"), 3, 4), n(rng("r5"), 4)}),
                c("mean", in -> in[0].mean(-1, false).mul(in[1]), () -> new Tensor[] {n(rng("r6"), 3, 5), n(rng("r7"), 3)}),
                c("max dim", in -> in[0].max(1, false), () -> new Tensor[] {distinct(rng("r8"), 3, 5)}),
                c("max dim keepDim", in -> in[0].max(0, true).mul(in[1]), () -> new Tensor[] {distinct(rng("r9"), 4, 3), n(rng("ra"), 1, 3)}),
                c("max all", in -> in[0].max(), () -> new Tensor[] {distinct(rng("rb"), 3, 4)}),
                c("amax dims", in -> in[0].amax(new int[] {0, 2}, false), () -> new Tensor[] {distinct(rng("rc"), 2, 3, 4)}),
                c("min dim", in -> in[0].min(0, false), () -> new Tensor[] {distinct(rng("rd"), 3, 5)}),
                c("amin all", in -> in[0].min(), () -> new Tensor[] {distinct(rng("re"), 6)}),
                c("logSumExp", in -> in[0].logSumExp(1, false), () -> new Tensor[] {n(rng("rf"), 3, 5)}),
                c("logSumExp dims keepDim", in -> in[0].logSumExp(new int[] {0, 2}, true), () -> new Tensor[] {n(rng("rg"), 2, 3, 4)}),
                // matmul
                c("matmul 2d", in -> in[0].matmul(in[1]), () -> new Tensor[] {n(rng("k1"), 3, 4), n(rng("k2"), 4, 5)}),
                c("matmul 1d.1d", in -> in[0].matmul(in[1]), () -> new Tensor[] {n(rng("k3"), 4), n(rng("k4"), 4)}),
                c("matmul 2d.1d", in -> in[0].matmul(in[1]), () -> new Tensor[] {n(rng("k5"), 3, 4), n(rng("k6"), 4)}),
                c("matmul 1d.3d", in -> in[0].matmul(in[1]), () -> new Tensor[] {n(rng("k7"), 4), n(rng("k8"), 2, 4, 3)}),
                c("matmul batched broadcast", in -> in[0].matmul(in[1]), () -> new Tensor[] {n(rng("k9"), 2, 1, 3, 4), n(rng("ka"), 3, 4, 2)}),
                c("matmul transposed operands", in -> in[0].t().matmul(in[1].t()), () -> new Tensor[] {n(rng("kb"), 4, 3), n(rng("kc"), 5, 4)}),
                // joining
                c("cat dim 1", in -> Tensor.cat(1, in[0], in[1], in[2]), () -> new Tensor[] {n(rng("j1"), 2, 3), n(rng("j2"), 2, 1), n(rng("j3"), 2, 2)}),
                c("cat dim 0 of transposed", in -> Tensor.cat(0, in[0].t(), in[1]).mul(in[2]), () -> new Tensor[] {n(rng("j4"), 3, 2), n(rng("j5"), 1, 3), n(rng("j6"), 3, 3)}),
                c("cat negative dim, NCHW channels", in -> Tensor.cat(-3, in[0], in[1]), () -> new Tensor[] {n(rng("j7"), 2, 1, 2, 2), n(rng("j8"), 2, 2, 2, 2)}),
                c("stack dim 1", in -> Tensor.stack(1, in[0], in[1]), () -> new Tensor[] {n(rng("j9"), 3, 2), n(rng("ja"), 3, 2)}),
                c("stack last dim", in -> Tensor.stack(-1, in[0], in[1], in[0]), () -> new Tensor[] {n(rng("jb"), 2, 2), n(rng("jc"), 2, 2)}),
                // indexing
                c("gather dim 1", in -> in[0].gather(1, Tensor.of(new float[] {2, 0, 1, 1, 3, 0}, 3, 2)), () -> new Tensor[] {n(rng("g1"), 3, 4)}),
                c("gather dim 0 repeated", in -> in[0].gather(0, Tensor.of(new float[] {1, 1, 0}, 1, 3)), () -> new Tensor[] {n(rng("g2"), 2, 3)}),
                c("indexSelect", in -> in[0].indexSelect(1, 3, 0, 3), () -> new Tensor[] {n(rng("g3"), 2, 4)}),
                c("logSoftmax dim 1 of [2,4,3]", in -> in[0].logSoftmax(1).mul(in[1]), () -> new Tensor[] {n(rng("l1"), 2, 4, 3), n(rng("l2"), 2, 4, 3)}),
                c("logSoftmax last dim", in -> in[0].logSoftmax(-1).mul(in[1]), () -> new Tensor[] {n(rng("l3"), 3, 5), n(rng("l4"), 3, 5)}),
                c("logSoftmax of transposed, dim 0", in -> in[0].t().logSoftmax(0), () -> new Tensor[] {n(rng("l5"), 3, 4)}),
                c("softmax dim 1", in -> in[0].softmax(1).mul(in[1]), () -> new Tensor[] {n(rng("l6"), 3, 5), n(rng("l7"), 3, 5)}),
                // a composite: softmax cross-entropy, the way nn will build it
                c("log-softmax + gather", in -> in[0].sub(in[0].logSumExp(1, true)).gather(1, Tensor.of(new float[] {2, 0, 4}, 3, 1)).mean(),
                        () -> new Tensor[] {n(rng("ce"), 3, 5)}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradcheck(Case c) {
        COVERED.addAll(nodeNames(OpTable.gradcheck(c)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void nonContiguousInputs(Case c) {
        OpTable.nonContiguous(c);
    }

    /** Names of every op node in the graph below {@code out}. */
    static Set<String> nodeNames(Tensor out) {
        Set<String> names = new TreeSet<>();
        IdentityHashMap<Node, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Node> todo = new ArrayDeque<>();
        if (out.gradFn != null) {
            todo.push(out.gradFn);
        }
        while (!todo.isEmpty()) {
            Node node = todo.pop();
            if (seen.put(node, Boolean.TRUE) != null) {
                continue;
            }
            if (node instanceof Function) {
                names.add(node.name());
            }
            for (Node next : node.next) {
                if (next != null) {
                    todo.push(next);
                }
            }
        }
        return names;
    }

    private static final List<Class<?>> FAMILIES = List.of(PointwiseOps.class, ViewOps.class, ReduceOps.class, LinalgOps.class,
            IndexOps.class, JoinOps.class);

    @Test
    void everyOpIsDocumented() {
        OpTable.assertDocumented(FAMILIES);
    }

    @AfterAll
    static void everyOpHasAnEntry() {
        OpTable.assertCovered(FAMILIES, COVERED);
        assertTrue(Derivatives.functionClasses(FAMILIES).size() >= 25, "expected the op families to declare their ops");
    }
}
