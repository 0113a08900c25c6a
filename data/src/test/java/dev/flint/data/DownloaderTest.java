package dev.flint.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mirror fallback, checksum rejection and atomic placement, against a server on the loopback address. */
class DownloaderTest {
    private static final byte[] GOOD = "the real file".getBytes(StandardCharsets.UTF_8);
    private HttpServer server;
    private String base;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/broken/", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.createContext("/tampered/", ex -> reply(ex, "not the real file".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/good/", ex -> reply(ex, GOOD));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, byte[] body) throws IOException {
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void fallsBackAcrossMirrorsAndVerifies() throws Exception {
        Downloader.RemoteFile f = new Downloader.RemoteFile("data.gz", sha(GOOD));
        new Downloader().ensure(dir, List.of(f), List.of(base + "/broken/", base + "/tampered/", base + "/good/"));
        assertArrayEquals(GOOD, Files.readAllBytes(dir.resolve("data.gz")));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no partial files left");
        }
        // Present and valid: nothing is fetched again (the only mirror now fails).
        new Downloader().ensure(dir, List.of(f), List.of(base + "/broken/"));
    }

    @Test
    void failsClearlyWhenNoMirrorHasAValidCopy() throws Exception {
        Downloader.RemoteFile f = new Downloader.RemoteFile("data.gz", sha(GOOD));
        IOException e = assertThrows(IOException.class,
                () -> new Downloader().ensure(dir, List.of(f), List.of(base + "/broken/", base + "/tampered/", "http://127.0.0.1:1/")));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertTrue(e.getMessage().contains("differs from the expected"), e.getMessage());
        assertTrue(e.getMessage().contains("offline"), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing half-written is left behind");
        }
    }
}
