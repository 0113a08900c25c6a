package dev.flint.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.Tensor;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Tied members as PyTorch lists them: {@code nn.Sequential(l, l)} has 2 parameters, not 4
 * (named_parameters: {@code 0.weight}, {@code 0.bias}), 6 parameter elements, one module named
 * {@code 0}; its state_dict keeps all four names.
 */
class SharedParametersTest {
    @Test
    void aModuleUsedTwiceIsListedOnce() {
        Linear l = new Linear(2, 2);
        Sequential s = new Sequential(l, l);
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(s.namedParameters().keySet()));
        assertEquals(2, s.parameters().size());
        assertEquals(2, s.trainableParameters().size());
        assertEquals(6, s.parameterCount());
        assertEquals(List.of("", "0"), List.copyOf(s.namedModules().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), List.copyOf(s.stateDict().keySet()));
        int[] visits = {0};
        s.apply(m -> visits[0]++);
        assertEquals(2, visits[0], "apply visits the Sequential and the shared Linear once each");
    }

    @Test
    void aTensorRegisteredTwiceIsListedOnceUnderItsFirstNameInPreOrder() {
        Linear a = new Linear(3, 3);
        Tied tied = new Tied(a);
        Map<String, Tensor> named = tied.namedParameters();
        // as torch: a module's own parameters come before its children's, so the first name is decWeight
        assertEquals(List.of("decWeight", "decBias", "enc.bias"), List.copyOf(named.keySet()));
        assertSame(a.namedParameters().get("weight"), named.get("decWeight"));
        assertEquals(List.of("decWeight", "decBias", "enc.weight", "enc.bias"), List.copyOf(tied.stateDict().keySet()));
        assertEquals(List.of("stat"), List.copyOf(new Buffers().namedBuffers().keySet()));
    }

    @Test
    void loadStateDictValidatesEverythingBeforeCopyingAnything() {
        Linear l = new Linear(2, 2);
        Sequential s = new Sequential(l, new Linear(2, 3));
        Map<String, Tensor> state = new java.util.LinkedHashMap<>(s.stateDict());
        float[] before = l.namedParameters().get("weight").toArray();
        state.replaceAll((k, v) -> Tensor.full(7f, v.shape()));
        state.put("1.bias", Tensor.zeros(4)); // the last entry is bad
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.loadStateDict(state));
        assertTrue(e.getMessage().contains("size mismatch for 1.bias"), e.getMessage());
        assertEquals(before[0], l.namedParameters().get("weight").toArray()[0], "nothing copied before the failure");
        state.put("1.bias", null);
        e = assertThrows(IllegalArgumentException.class, () -> s.loadStateDict(state));
        assertTrue(e.getMessage().contains("null value for 1.bias"), e.getMessage());
        assertEquals(before[0], l.namedParameters().get("weight").toArray()[0]);
    }

    /** An autoencoder-style module whose decoder reuses the encoder's weight. */
    private static final class Tied extends Module {
        Tied(Linear enc) {
            registerModule("enc", enc);
            registerParameter("decWeight", enc.namedParameters().get("weight"));
            registerParameter("decBias", Tensor.zeros(3));
        }

        @Override
        public Tensor forward(Tensor input) {
            return input;
        }
    }

    private static final class Buffers extends Module {
        Buffers() {
            Tensor t = Tensor.zeros(2);
            registerBuffer("stat", t);
            registerBuffer("alias", t);
        }

        @Override
        public Tensor forward(Tensor input) {
            return input;
        }
    }
}
