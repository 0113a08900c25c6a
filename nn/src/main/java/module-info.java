/** Flint nn. */
module dev.flint.nn {
    requires transitive dev.flint.core;
    requires org.slf4j;
    // javax.imageio for dev.flint.nn.viz's PNG output (the JDK's own codec, no extra dependency)
    requires transitive java.desktop; // BufferedImage is in the public API

    exports dev.flint.nn;
    exports dev.flint.nn.models;
    exports dev.flint.nn.viz;
}
