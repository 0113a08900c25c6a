package dev.flint.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class's {@code main} in a fresh JVM: the same {@code java} binary and class path as this
 * one, with the Vector API module added exactly when this JVM has it. A fresh JVM is the only way
 * to see code cold (the test JVM has warmed everything up) and to compare whole runs.
 */
public final class ChildJvm {
    /** What the child printed, and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** The stdout lines that start with {@code prefix}, the prefix removed. */
        public List<String> lines(String prefix) {
            List<String> out = new ArrayList<>();
            for (String l : stdout.split("\\R")) {
                if (l.startsWith(prefix)) {
                    out.add(l.substring(prefix.length()));
                }
            }
            return out;
        }
    }

    private ChildJvm() {
    }

    /**
     * This JVM's class path and module path as one class path: surefire puts a module's main
     * classes on the module path and its tests on the class path; the child needs both, and as
     * plain class path entries the tests' packages may be the main classes' packages.
     */
    static String classPath() {
        String cp = System.getProperty("java.class.path", "");
        String mp = System.getProperty("jdk.module.path", "");
        return mp.isEmpty() ? cp : cp.isEmpty() ? mp : cp + java.io.File.pathSeparator + mp;
    }

    /** True when this JVM was started with {@code jdk.incubator.vector}. */
    public static boolean hasVectorModule() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * Runs {@code main} with {@code jvmArgs} (for instance {@code -Dflint.threads=2}) and waits up to
     * {@code timeoutSeconds}; a child still running then is killed and reported as exit code -1.
     */
    public static Result run(Class<?> main, List<String> jvmArgs, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (hasVectorModule()) {
            cmd.add("--add-modules=jdk.incubator.vector");
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("flint-child", ".out");
        Path err = Files.createTempFile("flint-child", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            int code;
            if (p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                code = p.exitValue();
            } else {
                p.destroyForcibly().waitFor();
                code = -1;
            }
            return new Result(code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
