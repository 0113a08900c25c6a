/** Flint nn. */
module dev.flint.nn {
    requires transitive dev.flint.core;
    requires org.slf4j;

    exports dev.flint.nn;
    exports dev.flint.nn.models;
}
