/** Flint optim. */
module dev.flint.optim {
    requires transitive dev.flint.core;
    requires org.slf4j;

    // exports dev.flint.optim arrives with its first class (a package holding only package-info cannot be exported).
}
