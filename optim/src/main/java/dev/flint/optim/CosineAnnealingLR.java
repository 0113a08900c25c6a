package dev.flint.optim;

/** lr = etaMin + (base - etaMin) (1 + cos(pi epoch / tMax)) / 2, as torch.optim.lr_scheduler.CosineAnnealingLR. */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    /** Anneals from the base rate to {@code etaMin} over {@code tMax} epochs. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax <= 0) {
            throw new IllegalArgumentException("CosineAnnealingLR: tMax must be positive, got " + tMax);
        }
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    @Override
    protected double lr(double baseLr, int epoch) {
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }
}
