package dev.flint.core.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/**
 * One row of a module's catalogue of bad inputs (in the spirit of PyTorch's OpInfo
 * {@code error_inputs}): a call that must fail with this exception type and a message containing
 * this fragment. Each module keeps its table as data in one test class, run as a parameterised
 * test, so that today's clear errors stay clear.
 *
 * @param name     what the case probes, shown as the test's name
 * @param call     the bad call
 * @param type     the exception it must throw (or a subclass)
 * @param fragment text the message must contain (compared case-sensitively)
 */
public record BadInput(String name, Executable call, Class<? extends Throwable> type, String fragment) {
    /** The exception types most rows expect, for short tables. */
    public static final Class<IllegalArgumentException> ARG = IllegalArgumentException.class;
    /** An index out of range. */
    public static final Class<IndexOutOfBoundsException> INDEX = IndexOutOfBoundsException.class;
    /** A call not allowed in the object's current state. */
    public static final Class<IllegalStateException> STATE = IllegalStateException.class;
    /** A null where a value is required. */
    public static final Class<NullPointerException> NULL = NullPointerException.class;

    /** A catalogue row. */
    public static BadInput bad(String name, Class<? extends Throwable> type, String fragment, Executable call) {
        return new BadInput(name, call, type, fragment);
    }

    /** Runs the call and checks the exception's type and message. */
    public void check() {
        Throwable t = assertThrows(type, call, name);
        assertNotNull(t.getMessage(), name + ": " + t.getClass().getName() + " without a message");
        assertTrue(t.getMessage().contains(fragment),
                name + ": message \"" + t.getMessage() + "\" lacks \"" + fragment + "\"");
    }

    @Override
    public String toString() {
        return name;
    }
}
