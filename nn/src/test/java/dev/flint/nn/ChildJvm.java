package dev.flint.nn;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Starts a test class's {@code main} in a fresh JVM: the same java binary, everything this test
 * JVM sees (class path, module path, the test classes) on the child's class path, and the Vector
 * API module only if this JVM has it.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    static ProcessBuilder of(Class<?> main, List<String> jvmArgs, String... args) {
        Set<String> cp = new LinkedHashSet<>();
        for (String prop : new String[] {"java.class.path", "jdk.module.path"}) {
            String v = System.getProperty(prop);
            if (v != null && !v.isEmpty()) {
                cp.addAll(List.of(v.split(File.pathSeparator)));
            }
        }
        try {
            // under surefire's module path the test classes are patched into the module, not listed
            cp.add(Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            cmd.add("--add-modules=jdk.incubator.vector");
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, cp));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }
}
