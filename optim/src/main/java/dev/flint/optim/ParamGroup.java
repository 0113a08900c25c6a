package dev.flint.optim;

import dev.flint.core.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parameters that share hyper-parameters (as an entry of torch's {@code optimizer.param_groups}). */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Double> options;

    ParamGroup(List<Tensor> params, Map<String, Double> options) {
        this.params = List.copyOf(params);
        this.options = new LinkedHashMap<>(options);
    }

    /** The parameters, in order. */
    public List<Tensor> params() {
        return params;
    }

    /** A hyper-parameter by its PyTorch name ({@code lr}, {@code momentum}, {@code weight_decay}, ...). */
    public double get(String name) {
        Double v = options.get(name);
        if (v == null) {
            throw new IllegalArgumentException("ParamGroup: no option '" + name + "' (options: " + options.keySet() + ")");
        }
        return v;
    }

    /** Sets a hyper-parameter (schedulers set {@code lr}). */
    public void set(String name, double value) {
        if (!options.containsKey(name)) {
            throw new IllegalArgumentException("ParamGroup: no option '" + name + "' (options: " + options.keySet() + ")");
        }
        options.put(name, value);
    }

    /** The learning rate. */
    public double lr() {
        return get("lr");
    }

    /** All hyper-parameters. */
    public Map<String, Double> options() {
        return Collections.unmodifiableMap(options);
    }
}
