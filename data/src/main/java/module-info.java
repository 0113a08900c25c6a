/** Flint data. */
module dev.flint.data {
    requires transitive dev.flint.core;
    requires org.slf4j;
    requires java.net.http;
    requires java.desktop;

    exports dev.flint.data;
    exports dev.flint.data.transforms;
}
