package dev.flint.optim;

/** lr = base * gamma^floor(epoch / stepSize), as torch.optim.lr_scheduler.StepLR. */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    /** Decays by {@code gamma} every {@code stepSize} epochs. */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize <= 0) {
            throw new IllegalArgumentException("StepLR: stepSize must be positive, got " + stepSize);
        }
        this.stepSize = stepSize;
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("StepLR: gamma must be finite and >= 0, got " + gamma);
        }
        this.gamma = gamma;
    }

    @Override
    protected double lr(double baseLr, int epoch) {
        return baseLr * StrictMath.pow(gamma, epoch / stepSize);
    }
}
