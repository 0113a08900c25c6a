package dev.flint.core.kernel.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flint.core.testing.ChildJvm;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The system-property rows of core's catalogue of bad inputs: a {@code -Dflint.*} property with a
 * value it does not take fails every use of Flint with one IllegalArgumentException naming the
 * property and the value (it used to be ExceptionInInitializerError once, then NoClassDefFoundError
 * on every later use). Each row runs in a fresh JVM, since the properties are read once per JVM.
 */
class SettingsTest {
    static Stream<Arguments> badProperties() {
        return Stream.of(
                Arguments.of("-Dflint.threads=abc", "-Dflint.threads=abc is not a positive integer"),
                Arguments.of("-Dflint.threads=0", "-Dflint.threads=0 is not a positive integer"),
                Arguments.of("-Dflint.vector=yes", "-Dflint.vector=yes is not true or false"),
                Arguments.of("-Dflint.weightCache.mb=-1", "-Dflint.weightCache.mb=-1 is not an integer >= 0"),
                Arguments.of("-Dflint.conv.winograd=1", "-Dflint.conv.winograd=1 is not true or false"),
                Arguments.of("-Dflint.gemm.kc=9999999999", "-Dflint.gemm.kc=9999999999 is not a positive integer"),
                Arguments.of("-Dflint.conv.algorithm=fastest", "-Dflint.conv.algorithm=fastest is not one of IM2COL, IMAGE_GEMM, "
                        + "WINOGRAD, NCHW_DIRECT, NHWC_DIRECT, GRADIENT_AS_FORWARD"),
                Arguments.of("-Dflint.conv.colFloats=", "-Dflint.conv.colFloats= is not a positive integer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badProperties")
    void aBadPropertyFailsEveryUseNamingIt(String property, String fragment) throws Exception {
        String out = ChildJvm.run(60, true, List.of(property), SettingsProbe.class).requireSuccess().output();
        String expected = "threw java.lang.IllegalArgumentException: Flint: bad system properties: " + fragment;
        List<String> lines = out.lines().filter(l -> l.startsWith("threw ") || l.startsWith("ok ")).toList();
        assertEquals(List.of(expected, expected, expected), lines, out);
    }

    @Test
    void goodPropertiesWork() throws Exception {
        String out = ChildJvm.run(60, true, List.of("-Dflint.threads=1", "-Dflint.vector=FALSE", "-Dflint.weightCache.mb=0"),
                SettingsProbe.class).requireSuccess().output();
        assertEquals(List.of("ok 12.0", "ok 12.0", "ok 12.0"), out.lines().filter(l -> l.startsWith("ok ") || l.startsWith("threw ")).toList(), out);
    }
}
