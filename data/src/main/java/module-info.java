/** Flint data. */
module dev.flint.data {
    requires transitive dev.flint.core;
    requires org.slf4j;
    requires java.net.http;
    requires transitive java.desktop; // BufferedImage is in the public API

    exports dev.flint.data;
    exports dev.flint.data.transforms;
}
