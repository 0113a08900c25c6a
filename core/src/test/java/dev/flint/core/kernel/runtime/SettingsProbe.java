package dev.flint.core.kernel.runtime;

import dev.flint.core.Tensor;

/** Run by {@link SettingsTest} in a child JVM with a system property set: reports what three uses of Flint throw. */
public final class SettingsProbe {
    private SettingsProbe() {
    }

    public static void main(String[] args) {
        for (int use = 0; use < 3; use++) {
            try {
                System.out.println("ok " + Tensor.ones(2, 3).matmul(Tensor.ones(3, 2)).sum().item());
            } catch (Throwable t) {
                System.out.println("threw " + t.getClass().getName() + ": " + t.getMessage());
            }
        }
    }
}
