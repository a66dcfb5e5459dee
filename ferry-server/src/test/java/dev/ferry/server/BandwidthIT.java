package dev.ferry.server;

import static dev.ferry.server.RawFtp.LOOPBACK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.auth.UserLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Bandwidth limits: max-download-rate and max-upload-rate shared by all sessions, a user's own rates, the
 * smaller of the two. Only lower bounds on time are checked (a loaded machine is slower, never faster); the
 * bound leaves room for the one chunk a bucket lets through at once.
 */
class BandwidthIT {

    private static final int MIB = 1 << 20;
    /** 2 MiB at 1 MiB/s: about 2 s, never below 1.5 s unless the limit is broken. */
    private static final Duration AT_LEAST = Duration.ofMillis(1500);

    @Test
    void downloadObeysMaxDownloadRate() throws IOException {
        byte[] content = DataConnectionIT.randomBytes(2 * MIB, 11);
        try (TestServer server = TestServer.start(b -> b.maxDownloadRate(MIB));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            Files.write(server.root().resolve("big.bin"), content);
            ftp.expect(200, ftp.send("TYPE I"));
            long start = System.nanoTime();
            RawFtp.Transfer t = ftp.download("RETR big.bin");
            assertSlowerThan(AT_LEAST, start);
            ftp.expect(226, t.last());
            assertArrayEquals(content, t.data());
        }
    }

    @Test
    void usersOwnRateAppliesWhenSmallerThanTheServers() throws IOException {
        byte[] content = DataConnectionIT.randomBytes(2 * MIB, 12);
        try (TestServer server = TestServer.start(b -> b.maxDownloadRate(100L * MIB),
                new UserLimits(MIB, 0, 0, 0));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            Files.write(server.root().resolve("big.bin"), content);
            ftp.expect(200, ftp.send("TYPE I"));
            long start = System.nanoTime();
            RawFtp.Transfer t = ftp.download("RETR big.bin");
            assertSlowerThan(AT_LEAST, start);
            assertArrayEquals(content, t.data());
        }
    }

    @Test
    void asciiDownloadObeysTheLimitToo() throws IOException {
        byte[] content = "0123456789abcdef".repeat(2 * MIB / 16).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (TestServer server = TestServer.start(b -> { }, new UserLimits(MIB, 0, 0, 0));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            Files.write(server.root().resolve("text.txt"), content);
            long start = System.nanoTime();
            RawFtp.Transfer t = ftp.download("RETR text.txt"); // TYPE A: through buffers, not sendfile
            assertSlowerThan(AT_LEAST, start);
            assertArrayEquals(content, t.data());
        }
    }

    @Test
    void twoSessionsShareTheServersLimit() throws Exception {
        byte[] content = DataConnectionIT.randomBytes(MIB, 13);
        try (TestServer server = TestServer.start(b -> b.maxDownloadRate(MIB))) {
            Files.write(server.root().resolve("one.bin"), content);
            long start = System.nanoTime();
            // 1 MiB each, 2 MiB in all: alone each would take about 1 s; sharing 1 MiB/s, both take about 2 s.
            CompletableFuture<byte[]> a = CompletableFuture.supplyAsync(() -> fetch(server, "one.bin"));
            CompletableFuture<byte[]> b = CompletableFuture.supplyAsync(() -> fetch(server, "one.bin"));
            assertArrayEquals(content, a.get());
            assertArrayEquals(content, b.get());
            assertSlowerThan(AT_LEAST, start);
        }
    }

    @Test
    void uploadObeysMaxUploadRate() throws IOException {
        byte[] content = DataConnectionIT.randomBytes(2 * MIB, 14);
        try (TestServer server = TestServer.start(b -> b.maxUploadRate(MIB));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(200, ftp.send("TYPE I"));
            long start = System.nanoTime();
            RawFtp.Transfer t = ftp.upload("STOR up.bin", content);
            ftp.expect(226, t.last());
            assertSlowerThan(AT_LEAST, start);
            assertArrayEquals(content, Files.readAllBytes(server.root().resolve("up.bin")));
        }
    }

    @Test
    void abortEndsALimitedTransferAtOnce() throws IOException {
        byte[] content = DataConnectionIT.randomBytes(4 * MIB, 15);
        try (TestServer server = TestServer.start(b -> b.maxDownloadRate(64 << 10));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            Files.write(server.root().resolve("big.bin"), content);
            ftp.expect(200, ftp.send("TYPE I"));
            int port = ftp.pasvPort();
            try (var data = RawFtp.socketFrom(LOOPBACK, LOOPBACK, port)) {
                ftp.expect(150, ftp.send("RETR big.bin"));
                data.getInputStream().readNBytes(64 << 10);
                ftp.write("ABOR");
                ftp.expect(426, ftp.read()); // a 4 MiB file at 64 KiB/s would take a minute
                ftp.expect(226, ftp.read());
            }
            ftp.expect(200, ftp.send("NOOP"));
        }
    }

    private static byte[] fetch(TestServer server, String name) {
        try (RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(200, ftp.send("TYPE I"));
            RawFtp.Transfer t = ftp.download("RETR " + name);
            ftp.expect(226, t.last());
            ftp.expect(221, ftp.send("QUIT"));
            return t.data();
        }
    }

    private static void assertSlowerThan(Duration least, long startNanos) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        assertTrue(took.compareTo(least) >= 0, "took " + took.toMillis() + " ms, expected at least " + least.toMillis());
    }
}
