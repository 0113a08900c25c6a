package dev.flint.nn;

import dev.flint.core.Tensor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Holds child modules in a list (torch.nn.ModuleList), registered as 0, 1, 2, ... so that their
 * parameters appear in the state dict; it has no forward of its own.
 */
public class ModuleList extends Module implements Iterable<Module> {
    private final List<Module> modules = new ArrayList<>();

    /** A list of the given modules. */
    @SuppressWarnings("this-escape") // the final register* methods of Module only store into its maps
    public ModuleList(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    /** Appends a module; returns this. */
    public final ModuleList add(Module m) {
        registerModule(Integer.toString(modules.size()), m);
        modules.add(m);
        return this;
    }

    /** The i-th module (the current one, if it was replaced by {@link #setChild}). */
    public Module get(int i) {
        if (i < 0 || i >= modules.size()) {
            throw new IndexOutOfBoundsException("ModuleList: index " + i + " out of range for " + modules.size() + " modules");
        }
        return namedChildren().get(Integer.toString(i));
    }

    /** Number of modules. */
    public int size() {
        return modules.size();
    }

    @Override
    public Iterator<Module> iterator() {
        return namedChildren().values().iterator();
    }

    /** @throws UnsupportedOperationException always: a ModuleList is a container, iterate it instead */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("ModuleList has no forward; call its modules in your own forward");
    }
}
