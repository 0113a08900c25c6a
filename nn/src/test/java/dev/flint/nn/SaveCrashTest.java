package dev.flint.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.Tensor;
import dev.flint.core.testing.ChildJvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saves killed with SIGKILL at random moments leave the target whole (the old or the new content)
 * and at most one temp file, which the next save removes; a JVM that exits or gets SIGTERM in the
 * middle of a save removes its temp file.
 */
class SaveCrashTest {
    private static final int N = 2_500_000; // two tensors of 10 MB each
    private static final int KILLS = 24;

    @TempDir
    Path dir;

    /** Content {@code v} (0 or 1): the two versions differ in every value. */
    static Map<String, Tensor> state(int v) {
        float[] a = new float[N];
        float[] b = new float[N];
        for (int i = 0; i < N; i++) {
            a[i] = i + 0.5f * v;
            b[i] = -i - 0.5f * v;
        }
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("layer.weight", Tensor.wrap(a, 1000, N / 1000));
        m.put("layer.bias", Tensor.wrap(b, N));
        return m;
    }

    /**
     * The child: {@code loop <file>} saves versions 1, 0, 1, ... of {@link #state} forever, printing
     * "saving" before the first; {@code exit <file>} and {@code hang <file>} start a save whose writer
     * exits the JVM, or sleeps to be terminated.
     */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        switch (args[0]) {
            case "loop" -> {
                List<Map<String, Tensor>> versions = List.of(state(0), state(1));
                System.out.println("saving");
                System.out.flush();
                for (int i = 1; ; i++) {
                    SafeTensors.save(versions.get(i % 2), file);
                }
            }
            case "exit" -> AtomicWrite.write(file, tmp -> {
                Files.writeString(tmp, "partial");
                System.exit(3);
            });
            case "hang" -> AtomicWrite.write(file, tmp -> {
                Files.writeString(tmp, "partial");
                System.out.println("writing");
                System.out.flush();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private List<Path> others(Path target) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.equals(target)).toList();
        }
    }

    private static Process start(String mode, Path file) throws IOException {
        return ChildJvm.builder(true, List.of("-Xmx256m"), SaveCrashTest.class, mode, file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Blocks until the child prints {@code line}; fails if it exits first. */
    private static void await(Process p, String line) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String l; (l = r.readLine()) != null; ) {
            if (l.equals(line)) {
                return;
            }
        }
        throw new AssertionError("the child exited without printing '" + line + "'");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void killedSavesLeaveTheOldOrTheNewFileAndTheNextSaveRemovesTheirTemp() throws Exception {
        float[][][] expected = new float[2][][];
        for (int v = 0; v < 2; v++) {
            Map<String, Tensor> s = state(v);
            expected[v] = new float[][] {s.get("layer.weight").toArray(), s.get("layer.bias").toArray()};
        }
        Path target = dir.resolve("model.safetensors");
        long t0 = System.nanoTime();
        SafeTensors.save(state(0), target);
        long saveMillis = Math.max(20, (System.nanoTime() - t0) / 1_000_000);
        Random random = new Random(19);
        int tempsLeft = 0;
        int changed = 0;
        int before = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = start("loop", target);
            try {
                await(child, "saving");
                // up to about three saves' time: kills land while writing, forcing, renaming or between saves
                Thread.sleep(random.nextInt((int) Math.min(1500, 3 * saveMillis + 50)));
            } finally {
                child.destroyForcibly(); // SIGKILL on Linux and macOS: no shutdown hook runs
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
            String what = "kill " + kill;
            Map<String, Tensor> loaded = SafeTensors.load(target);
            assertEquals(List.of("layer.weight", "layer.bias"), List.copyOf(loaded.keySet()), what);
            float[] w = loaded.get("layer.weight").toArray();
            int v = w[0] == 0f ? 0 : 1;
            assertArrayEquals(expected[v][0], w, what + ": the weight is wholly version " + v);
            assertArrayEquals(expected[v][1], loaded.get("layer.bias").toArray(), what + ": the bias is the weight's version");
            changed += v != before ? 1 : 0;
            List<Path> temps = others(target);
            assertTrue(temps.size() <= 1, what + ": at most one temp file, found " + temps);
            tempsLeft += temps.size();
            SafeTensors.save(state(kill % 2), target); // in this process: removes the dead child's temp
            before = kill % 2;
            assertEquals(List.of(), others(target), what + ": the next save removed the stale temp");
        }
        // the kills must have hit saves in progress, or the test proves nothing
        assertTrue(tempsLeft > 0, "no kill left a temp file: none landed inside a save");
        System.out.println("SaveCrashTest: " + KILLS + " kills, " + tempsLeft + " left a temp, " + changed
                + " after the child had replaced the file (save took " + saveMillis + " ms here)");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aJvmThatExitsOrIsTerminatedDuringASaveRemovesItsTemp() throws Exception {
        Path target = Files.writeString(dir.resolve("report.html"), "old");
        Process exit = start("exit", target);
        assertTrue(exit.waitFor(30, TimeUnit.SECONDS));
        assertEquals(3, exit.exitValue());
        assertEquals(List.of(), others(target), "System.exit inside the writer: the shutdown hook removed the temp");
        assertEquals("old", Files.readString(target));

        Process hang = start("hang", target);
        try {
            await(hang, "writing");
            assertEquals(1, others(target).size(), "the save in progress has its temp");
        } finally {
            hang.destroy(); // SIGTERM: shutdown hooks run
            assertTrue(hang.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(List.of(), others(target), "SIGTERM: the shutdown hook removed the temp");
        assertEquals("old", Files.readString(target));
    }
}
