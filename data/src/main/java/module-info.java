/** Flint data. */
module dev.flint.data {
    requires transitive dev.flint.core;
    requires org.slf4j;
    requires java.net.http;

    exports dev.flint.data;
}
