/** Flint nn. */
module dev.flint.nn {
    requires transitive dev.flint.core;
    requires org.slf4j;

    // exports dev.flint.nn arrives with its first class (a package holding only package-info cannot be exported).
}
