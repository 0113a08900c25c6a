package dev.flint.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ArgsTest {
    private static Args args(String... argv) {
        Args a = new Args("Prog").option("augment", "true", "").option("epochs", "8", "").option("lr", "0.05", "");
        assertTrue(a.parse(argv));
        return a;
    }

    @Test
    void valuesParseAndDefaultsApply() {
        Args a = args("--augment", "FALSE", "--lr", "0.1");
        assertFalse(a.getBoolean("augment"));
        assertEquals(8, a.getInt("epochs"));
        assertEquals(0.1, a.getDouble("lr"));
        assertTrue(args().getBoolean("augment"));
    }

    @Test
    void badValuesNameTheOptionInsteadOfFallingBackSilently() {
        for (String[] bad : new String[][] {{"--augment", "yes", "augment", "true or false"}, {"--epochs", "eight", "epochs", "an integer"},
                {"--lr", "fast", "lr", "a number"}}) {
            Args a = args(bad[0], bad[1]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
                switch (bad[2]) {
                    case "augment" -> a.getBoolean("augment");
                    case "epochs" -> a.getInt("epochs");
                    default -> a.getDouble("lr");
                }
            });
            assertEquals("Prog: --" + bad[2] + " takes " + bad[3] + ", got '" + bad[1] + "'", e.getMessage());
        }
    }
}
