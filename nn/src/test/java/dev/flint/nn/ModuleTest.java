package dev.flint.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Module tree, naming, modes, state dicts and the safetensors format. */
class ModuleTest {
    @TempDir
    Path dir;

    static Sequential lenet(long seed) {
        Generator g = new Generator(seed);
        return new Sequential(
                new Conv2d(1, 6, new int[] {5}, new int[] {1}, new int[] {2}, new int[] {1}, 1, true, g), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, new int[] {5}, new int[] {1}, new int[] {0}, new int[] {1}, 1, true, g), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(400, 120, true, g), new ReLU(), new Linear(120, 84, true, g), new ReLU(),
                new Linear(84, 10, true, g));
    }

    @Test
    void printsTheTreeLikePyTorch() {
        String expected = """
                Sequential(
                  (0): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))
                  (1): ReLU()
                  (2): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
                  (3): Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))
                  (4): ReLU()
                  (5): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
                  (6): Flatten(start_dim=1, end_dim=-1)
                  (7): Linear(in_features=400, out_features=120, bias=True)
                  (8): ReLU()
                  (9): Linear(in_features=120, out_features=84, bias=True)
                  (10): ReLU()
                  (11): Linear(in_features=84, out_features=10, bias=True)
                )""";
        assertEquals(expected, lenet(1).toString());
        Sequential nested = new Sequential(new Sequential(new BatchNorm2d(3), new Dropout(0.25f)), new AdaptiveAvgPool2d(1));
        assertEquals("""
                Sequential(
                  (0): Sequential(
                    (0): BatchNorm2d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                    (1): Dropout(p=0.25, inplace=False)
                  )
                  (1): AdaptiveAvgPool2d(output_size=(1, 1))
                )""", nested.toString());
    }

    @Test
    void namesAndCountsParametersAsPyTorch() {
        Sequential m = lenet(1);
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias", "9.weight", "9.bias",
                "11.weight", "11.bias"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(61_706, m.parameterCount()); // torch: sum(p.numel() for p in lenet.parameters())
        assertTrue(m.parameters().stream().allMatch(Tensor::requiresGrad));
        assertArrayEquals(new int[] {2, 10}, m.forward(Tensor.zeros(2, 1, 28, 28)).shape());
    }

    @Test
    void defaultInitialisationHasPyTorchBounds() {
        Linear l = new Linear(400, 120, true, new Generator(3));
        double bound = 1 / Math.sqrt(400);
        float[] w = l.weight().toArray();
        double max = 0;
        for (float v : w) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max <= bound && max > 0.95 * bound, "max |w| " + max + " vs bound " + bound);
        Conv2d c = new Conv2d(6, 16, new int[] {5}, new int[] {1}, new int[] {0}, new int[] {1}, 1, true, new Generator(4));
        double cb = 1 / Math.sqrt(6 * 25);
        for (float v : c.bias().toArray()) {
            assertTrue(Math.abs(v) <= cb);
        }
        // Same seed, same weights; another seed, others.
        assertArrayEquals(lenet(7).stateDict().get("7.weight").toArray(), lenet(7).stateDict().get("7.weight").toArray());
        assertFalse(java.util.Arrays.equals(lenet(7).stateDict().get("7.weight").toArray(), lenet(8).stateDict().get("7.weight").toArray()));
    }

    @Test
    void trainAndEvalModesReachChildren() {
        Sequential m = new Sequential(new Dropout(0.5f), new Sequential(new BatchNorm2d(2)));
        m.eval();
        assertFalse(m.get(0).isTraining());
        assertFalse(((Sequential) m.get(1)).get(0).isTraining());
        Tensor x = Tensor.ones(2, 2, 1, 1);
        assertArrayEquals(x.toArray(), m.get(0).forward(x).toArray());
    }

    @Test
    void batchNormTracksRunningStatisticsAsPyTorch() {
        BatchNorm2d bn = new BatchNorm2d(1);
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 1, 1, 2);
        Tensor y = bn.forward(x);
        // batch mean 2.5, biased var 1.25, unbiased 5/3
        assertArrayEquals(new float[] {0.25f}, bn.stateDict().get("running_mean").toArray(), 1e-6f);
        assertArrayEquals(new float[] {0.9f + 0.1f * 5 / 3f}, bn.stateDict().get("running_var").toArray(), 1e-6f);
        assertEquals(1f, bn.stateDict().get("num_batches_tracked").item());
        float s = (float) Math.sqrt(1.25 + 1e-5);
        assertArrayEquals(new float[] {-1.5f / s, -0.5f / s, 0.5f / s, 1.5f / s}, y.toArray(), 1e-5f);
        bn.eval();
        float rs = (float) Math.sqrt(0.9f + 0.1f * 5 / 3f + 1e-5);
        assertArrayEquals(new float[] {(1 - 0.25f) / rs}, bn.forward(Tensor.of(new float[] {1}, 1, 1, 1, 1)).toArray(), 1e-5f);
    }

    @Test
    void safetensorsRoundTripAndLoadIntoAnotherModel() throws IOException {
        Sequential a = lenet(1);
        Sequential b = lenet(2);
        Path file = dir.resolve("lenet.safetensors");
        SafeTensors.save(a.stateDict(), file);
        Map<String, Tensor> loaded = SafeTensors.load(file);
        assertEquals(a.stateDict().keySet(), loaded.keySet());
        b.loadStateDict(loaded);
        Tensor x = Tensor.rand(new Generator(5), 3, 1, 28, 28);
        assertArrayEquals(a.forward(x).toArray(), b.forward(x).toArray());
        // the header is what PyTorch's safetensors expects: 8-byte length, JSON, 8-byte aligned data
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.contains("\"0.weight\":{\"dtype\":\"F32\",\"shape\":[6,1,5,5],\"data_offsets\":[0,600]}"), header);
        assertEquals(8 + n + 4L * 61_706, bytes.length);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void loadStateDictSaysExactlyWhatIsWrong() {
        Sequential m = lenet(1);
        Map<String, Tensor> state = new LinkedHashMap<>(m.stateDict());
        state.remove("0.bias");
        state.put("extra.weight", Tensor.zeros(1));
        state.put("7.weight", Tensor.zeros(120, 256));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state));
        assertTrue(e.getMessage().contains("missing keys: [0.bias]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected keys: [extra.weight]"), e.getMessage());
        assertTrue(e.getMessage().contains("7.weight: checkpoint has shape [120, 256], the module has [120, 400]"), e.getMessage());
        state.put("7.weight", Tensor.zeros(120, 400));
        Module.LoadResult r = m.loadStateDict(state, false);
        assertEquals(List.of("0.bias"), r.missingKeys());
        assertEquals(List.of("extra.weight"), r.unexpectedKeys());
        assertEquals(0f, m.stateDict().get("7.weight").abs().sum().item());
    }

    @Test
    void corruptSafetensorsFilesFailClearly() throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, new byte[] {1, 2, 3});
        assertTrue(assertThrows(IOException.class, () -> SafeTensors.load(f)).getMessage().contains("too short"));
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).putLong(0);
        Files.write(f, b.array());
        assertTrue(assertThrows(IOException.class, () -> SafeTensors.load(f)).getMessage().contains("header length 1000"));
        byte[] h = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer truncated = ByteBuffer.allocate(8 + h.length + 8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h);
        Files.write(f, truncated.array());
        String msg = assertThrows(IOException.class, () -> SafeTensors.load(f)).getMessage();
        assertTrue(msg.contains("'w'") && msg.contains("data_offsets"), msg);
    }

    @Test
    void readsInt64AndFloat64AsWrittenByPyTorch() throws IOException {
        // {"n": I64 scalar 7, "d": F64 [2] = (0.5, -1.25)}, laid out as safetensors.torch.save_file does
        byte[] h = "{\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,24]}}"
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 24).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).putLong(7).putDouble(0.5).putDouble(-1.25);
        Path f = dir.resolve("torch.safetensors");
        Files.write(f, b.array());
        Map<String, Tensor> m = SafeTensors.load(f);
        assertEquals(7f, m.get("n").item());
        assertEquals(0, m.get("n").dim());
        assertArrayEquals(new float[] {0.5f, -1.25f}, m.get("d").toArray());
    }
}
