package dev.flint.examples;

import java.util.LinkedHashMap;
import java.util.Map;

/** Minimal {@code --name value} option parsing for the examples, with defaults and a usage text. */
final class Args {
    private final String program;
    private final Map<String, String[]> spec = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();

    Args(String program) {
        this.program = program;
    }

    /** Declares an option with its default (null: none) and help text; returns this. */
    Args option(String name, String defaultValue, String help) {
        spec.put(name, new String[] {defaultValue, help});
        return this;
    }

    /** Parses; prints usage and returns false for --help; throws on unknown or valueless options. */
    boolean parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println(usage());
                return false;
            }
            if (!a.startsWith("--") || !spec.containsKey(a.substring(2))) {
                throw new IllegalArgumentException(program + ": unknown option '" + a + "'\n" + usage());
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(program + ": option " + a + " needs a value");
            }
            values.put(a.substring(2), args[++i]);
        }
        return true;
    }

    String get(String name) {
        return values.containsKey(name) ? values.get(name) : spec.get(name)[0];
    }

    int getInt(String name) {
        return parsed(name, "an integer", Integer::parseInt);
    }

    double getDouble(String name) {
        return parsed(name, "a number", Double::parseDouble);
    }

    long getLong(String name) {
        return parsed(name, "an integer", Long::parseLong);
    }

    /** true or false (any case); anything else is an error, not a silent false. */
    boolean getBoolean(String name) {
        return parsed(name, "true or false", v -> {
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(v);
            }
            throw new IllegalArgumentException(v);
        });
    }

    private <T> T parsed(String name, String what, java.util.function.Function<String, T> parse) {
        String v = get(name);
        try {
            return parse.apply(v.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(program + ": --" + name + " takes " + what + ", got '" + v + "'", e);
        }
    }

    String usage() {
        StringBuilder sb = new StringBuilder("usage: " + program + " [options]\n");
        for (Map.Entry<String, String[]> e : spec.entrySet()) {
            sb.append(String.format("  --%-12s %s%s%n", e.getKey(), e.getValue()[1],
                    e.getValue()[0] == null ? "" : " (default " + e.getValue()[0] + ")"));
        }
        return sb.toString();
    }
}
