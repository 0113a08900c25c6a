package dev.flint.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Fetches data files from a list of mirrors into a directory: each file is tried on every mirror
 * in turn, written to a temporary file, checked against its SHA-256 and only then moved into
 * place, so a failed or interrupted download never leaves a partial file behind.
 */
public final class Downloader {
    private static final Logger LOG = LoggerFactory.getLogger(Downloader.class);

    /** A file to fetch: its name on the mirrors and its expected SHA-256 (hex). */
    public record RemoteFile(String name, String sha256) {
    }

    private final HttpClient client;

    /** A downloader with a 30 s connect timeout that follows redirects. */
    public Downloader() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NORMAL).build());
    }

    Downloader(HttpClient client) {
        this.client = client;
    }

    /** Makes sure every file is in {@code dir} with the right checksum, downloading what is missing or wrong. */
    public void ensure(Path dir, List<RemoteFile> files, List<String> mirrors) throws IOException {
        Files.createDirectories(dir);
        for (RemoteFile f : files) {
            Path target = dir.resolve(f.name());
            if (Files.isRegularFile(target) && sha256(target).equals(f.sha256())) {
                continue;
            }
            fetch(dir, f, mirrors);
        }
    }

    private void fetch(Path dir, RemoteFile f, List<String> mirrors) throws IOException {
        List<String> failures = new ArrayList<>();
        for (String mirror : mirrors) {
            URI uri = URI.create(mirror.endsWith("/") ? mirror + f.name() : mirror + "/" + f.name());
            Path tmp = Files.createTempFile(dir, f.name(), ".part");
            try {
                LOG.info("Downloading {}", uri);
                HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build();
                HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = resp.body()) {
                    if (resp.statusCode() != 200) {
                        failures.add(uri + ": HTTP " + resp.statusCode());
                        continue;
                    }
                    Files.copy(body, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                String got = sha256(tmp);
                if (!got.equals(f.sha256())) {
                    failures.add(uri + ": SHA-256 " + got + " differs from the expected " + f.sha256());
                    continue;
                }
                moveIntoPlace(tmp, dir.resolve(f.name()));
                return;
            } catch (IOException e) {
                failures.add(uri + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("download of " + f.name() + " interrupted", e);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        throw new IOException("could not download " + f.name() + " from any mirror:\n  " + String.join("\n  ", failures)
                + "\nIf this machine is offline, copy the file into " + dir + " or point the loader at a directory that has it.");
    }

    static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Checks every file's presence and SHA-256 in {@code dir}; the error names the dataset, the
     * directory and each missing or altered file.
     */
    static void verify(String dataset, Path dir, List<RemoteFile> files) throws IOException {
        List<String> problems = new ArrayList<>();
        for (RemoteFile f : files) {
            Path p = dir.resolve(f.name());
            if (!Files.isRegularFile(p)) {
                problems.add(f.name() + " is missing");
            } else {
                String got = sha256(p);
                if (!got.equals(f.sha256())) {
                    problems.add(f.name() + " has SHA-256 " + got + ", expected " + f.sha256());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException(dataset + " in " + dir.toAbsolutePath() + ": " + String.join("; ", problems));
        }
    }

    /** The SHA-256 of a file, in lower-case hex. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
