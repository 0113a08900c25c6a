package dev.flint.core.testing;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a fresh JVM on this test's class path, as a user's {@code java -cp ... Main}
 * would: for what one JVM cannot show (a cold JIT, a JVM without the Vector API module, a kill in
 * the middle of a save). Flint's jars are put on the class path, not the module path, so the child
 * sees the JDK modules a plain application sees.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** What the child printed (stdout and stderr, interleaved) and how it ended. */
    public record Result(int exitCode, String output) {
        /** The lines that start with {@code prefix}, without it: what the child reported for the test to read. */
        public List<String> lines(String prefix) {
            return output.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
        }

        /** This result, or an AssertionError showing the output when the child failed. */
        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("child JVM exited with " + exitCode + ":\n" + output);
            }
            return this;
        }
    }

    /** Whether this JVM has the Vector API module (a child is given it only when asked and available). */
    public static boolean hasVectorModule() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * The command line for {@code main} in a child JVM: this JVM's java, this test's class and module
     * path as one class path, {@code --add-modules=jdk.incubator.vector} when {@code vector} (and this
     * JVM has it), then {@code jvmArgs}, the main class and {@code args}.
     */
    public static List<String> command(boolean vector, List<String> jvmArgs, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.add("-cp");
        cmd.add(classPath(main));
        if (vector && hasVectorModule()) {
            cmd.add("--add-modules=jdk.incubator.vector");
        }
        cmd.add("--sun-misc-unsafe-memory-access=allow");
        cmd.addAll(jvmArgs);
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** This JVM's java launcher. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A process builder for {@link #command}, for callers that manage the process themselves (e.g. kill it). */
    public static ProcessBuilder builder(boolean vector, List<String> jvmArgs, Class<?> main, String... args) {
        return new ProcessBuilder(command(vector, jvmArgs, main, args));
    }

    /** Runs {@link #command} to its end (killed after {@code timeoutSeconds}) and returns what it printed. */
    public static Result run(long timeoutSeconds, boolean vector, List<String> jvmArgs, Class<?> main, String... args)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(vector, jvmArgs, main, args)).redirectErrorStream(true).start();
        // Read on another thread so that a chatty child never blocks on a full pipe.
        byte[][] out = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = ("(reading the child's output failed: " + e + ")").getBytes(StandardCharsets.UTF_8);
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            reader.join();
            throw new AssertionError("child JVM " + main.getName() + " still running after " + timeoutSeconds
                    + " s; output:\n" + new String(out[0], StandardCharsets.UTF_8));
        }
        reader.join();
        return new Result(p.exitValue(), new String(out[0], StandardCharsets.UTF_8));
    }

    private static String classPath(Class<?> main) {
        Set<String> parts = new LinkedHashSet<>();
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            String value = System.getProperty(property);
            if (value != null && !value.isEmpty()) {
                parts.addAll(List.of(value.split(File.pathSeparator)));
            }
        }
        try {
            // Under Surefire's module path the test classes are patched into the module, not listed.
            parts.add(Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return String.join(File.pathSeparator, parts);
    }
}
