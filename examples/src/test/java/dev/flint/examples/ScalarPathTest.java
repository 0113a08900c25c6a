package dev.flint.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.testing.ChildJvm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM started without {@code --add-modules=jdk.incubator.vector} runs the scalar kernels: a user's
 * program ({@link ScalarPathProbe}: training, then repeated eval-mode inference, where the
 * prepared-weights cache packs the weights) finishes, logs the one line README promises, and loads
 * no Flint class whose bytecode refers to the Vector API. (Before, the second eval call died with
 * NoClassDefFoundError: jdk/incubator/vector/Vector from the GEMM's packing code.)
 */
class ScalarPathTest {
    private static final Pattern LOADED = Pattern.compile("\\] (dev\\.flint\\.[\\w.$]+) source:");

    @Test
    void aJvmWithoutTheVectorModuleNeverLoadsAVectorClass(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("classes.log");
        ChildJvm.Result r = ChildJvm.run(300, false, List.of("-Xlog:class+load=info:file=" + log), ScalarPathProbe.class);
        r.requireSuccess();
        assertTrue(r.output().contains("probe finished"), r.output());
        assertTrue(r.output().contains("Vector API off (module jdk.incubator.vector not in this JVM)"), r.output());
        // one line, giving the flag and the environment variable that sets it for every java command
        assertEquals(1, r.output().lines().filter(l -> l.contains("Vector API off")).count(), r.output());
        assertTrue(r.output().contains("JVM flag --add-modules=jdk.incubator.vector, or for every java command with the "
                + "environment variable JDK_JAVA_OPTIONS=--add-modules=jdk.incubator.vector"), r.output());
        assertFalse(r.output().contains("NoClassDefFoundError"), r.output());

        Set<String> loaded = new TreeSet<>();
        Matcher m = LOADED.matcher(Files.readString(log));
        while (m.find()) {
            loaded.add(m.group(1));
        }
        assertTrue(loaded.contains("dev.flint.core.kernel.conv.Conv2dKernel") && loaded.contains("dev.flint.core.kernel.gemm.Gemm"),
                "the class-load log does not show the kernels: " + loaded);
        Set<String> vectorClasses = new TreeSet<>();
        for (String name : loaded) {
            if (refersToVectorApi(name)) {
                vectorClasses.add(name);
            }
        }
        assertEquals(Set.of(), vectorClasses, "Flint classes touching jdk.incubator.vector loaded on the scalar path");
    }

    @Test
    void theCheckRecognisesAVectorClass() throws IOException {
        // The check above can only fail if it can tell a Vector API class from a scalar one.
        assertTrue(refersToVectorApi("dev.flint.core.kernel.gemm.PackedGemm"));
        assertTrue(refersToVectorApi("dev.flint.core.kernel.pointwise.VectorPointwise"));
        assertFalse(refersToVectorApi("dev.flint.core.kernel.gemm.Gemm"));
        assertFalse(refersToVectorApi("dev.flint.core.kernel.runtime.VectorSupport"));
    }

    /** Whether the class file's constant pool names a jdk.incubator.vector type. */
    private static boolean refersToVectorApi(String className) throws IOException {
        String resource = className.replace('.', '/') + ".class";
        try (InputStream in = ScalarPathTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("class file not found: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains("jdk/incubator/vector/");
        }
    }
}
