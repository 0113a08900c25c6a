package dev.flint.core.kernel.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The build runs the core suite twice: with {@code --add-modules=jdk.incubator.vector} and
 * without it. Each run states what it expects, so a fallback that silently stays on (or off) fails.
 */
class VectorSupportTest {
    @Test
    void vectorApiIsOnExactlyWhenTheModuleIsPresent() {
        String expected = System.getProperty("flint.expectVector");
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (expected != null) {
            assertEquals(Boolean.parseBoolean(expected), present, "the build's test run is not set up as it says");
        }
        assertEquals(present && Boolean.parseBoolean(System.getProperty(VectorSupport.PROPERTY, "true")), VectorSupport.enabled());
        assertTrue(VectorSupport.floatLanes() >= 1);
        if (!VectorSupport.enabled()) {
            assertEquals(1, VectorSupport.floatLanes());
        }
    }
}
