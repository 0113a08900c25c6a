package dev.flint.optim;

import java.util.ArrayList;
import java.util.List;

/**
 * Sets each group's learning rate as a function of the epoch, as torch.optim.lr_scheduler: call
 * {@link #step()} once per epoch, after the optimizer's steps. Each schedule is a small subclass
 * giving the closed form of its rate.
 */
public abstract class LRScheduler {
    private final Optimizer optimizer;
    private final List<Double> baseLrs = new ArrayList<>();
    private int epoch;

    /** Records the groups' current rates as the base rates, as PyTorch's initial_lr. */
    protected LRScheduler(Optimizer optimizer) {
        if (optimizer == null) {
            throw new NullPointerException(getClass().getSimpleName() + ": the optimizer is null");
        }
        this.optimizer = optimizer;
        for (ParamGroup g : optimizer.paramGroups()) {
            baseLrs.add(g.lr());
        }
    }

    /** The rate for a group with base rate {@code baseLr} at {@code epoch}. */
    protected abstract double lr(double baseLr, int epoch);

    /** Advances one epoch and sets the groups' rates. */
    public void step() {
        epoch++;
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).set("lr", lr(baseLrs.get(i), epoch));
        }
    }

    /** The epochs stepped so far (PyTorch's last_epoch). */
    public int epoch() {
        return epoch;
    }

    /** The rates now in force, per group. */
    public List<Double> lastLr() {
        return optimizer.paramGroups().stream().map(ParamGroup::lr).toList();
    }
}
