package dev.flint.optim;

/** lr = base * gamma^epoch, as torch.optim.lr_scheduler.ExponentialLR (the notes' decay per epoch). */
public final class ExponentialLR extends LRScheduler {
    private final double gamma;

    /** Multiplies the rate by {@code gamma} every epoch. */
    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        // A negative factor would flip the rate's sign every epoch, NaN would poison it.
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("ExponentialLR: gamma must be finite and >= 0, got " + gamma);
        }
        this.gamma = gamma;
    }

    @Override
    protected double lr(double baseLr, int epoch) {
        return baseLr * StrictMath.pow(gamma, epoch);
    }
}
