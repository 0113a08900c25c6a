/** Flint optim. */
module dev.flint.optim {
    requires transitive dev.flint.core;
    requires org.slf4j;

    exports dev.flint.optim;
}
