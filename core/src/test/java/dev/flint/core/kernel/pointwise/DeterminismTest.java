package dev.flint.core.kernel.pointwise;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flint.core.testing.ChildJvm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Results must not depend on JIT state: every pointwise op, and the softmax-family row kernels,
 * give the same bits on their first, interpreted call in a fresh JVM as after warm-up, when C2
 * has compiled (and, with the Vector API, intrinsified) them. The JDK's vector EXP and TANH did
 * not (SVML when compiled, {@code Math.exp} per lane when interpreted: 7 and 20 of 640 values
 * changed), which made seeded training runs differ.
 */
class DeterminismTest {
    @ParameterizedTest(name = "vector={0}")
    @ValueSource(booleans = {true, false})
    void coldAndWarmGiveTheSameBits(boolean vector) throws Exception {
        assumeTrue(!vector || ChildJvm.hasVectorModule(), "this JVM has no jdk.incubator.vector to hand on");
        ChildJvm.Result r = ChildJvm.run(300, true, List.of("-Dflint.vector=" + vector), ColdWarmProbe.class).requireSuccess();
        List<String> lines = r.lines("PROBE ");
        Set<String> names = new HashSet<>();
        List<Executable> checks = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            names.add(f[0]);
            checks.add(() -> assertEquals("0", f[1], f[0] + ": " + f[1] + " elements changed after JIT warm-up (hash "
                    + f[2] + " cold, " + f[3] + " warm)"));
        }
        for (Unary op : Unary.values()) {
            assertTrue(names.contains("unary." + op), "probe skipped unary." + op);
        }
        for (Binary op : Binary.values()) {
            assertTrue(names.contains("binary." + op), "probe skipped binary." + op);
        }
        assertAll(checks);
    }
}
