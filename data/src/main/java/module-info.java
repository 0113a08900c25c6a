/** Flint data. */
module dev.flint.data {
    requires transitive dev.flint.core;
    requires org.slf4j;

    // exports dev.flint.data arrives with its first class (a package holding only package-info cannot be exported).
}
