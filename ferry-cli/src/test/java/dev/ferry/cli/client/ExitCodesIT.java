package dev.ferry.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.FileTrees;
import dev.ferry.server.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failure gives its exit code, says what failed, and says what to try. */
class ExitCodesIT {

    @TempDir
    Path local;
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
        FileTrees.assertNoOpenFilesUnder(local);
    }

    private String url(String path) {
        return Ferry.url(server, path);
    }

    /**
     * The run's exit code is {@code code}, and stderr says what failed and under it what to try (or, for
     * picocli's own usage errors, shows the usage).
     */
    private static Ferry.Result assertFails(int code, String message, String... args) {
        Ferry.Result r = Ferry.run(args);
        assertEquals(code, r.exit(), r.toString());
        assertTrue(r.err().contains(message), "expected '" + message + "' in:\n" + r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("       ")), "no hint in:\n" + r.err());
        return r;
    }

    @Test
    void usageErrorsExitWith2() {
        assertFails(2, "Missing required parameter", "get");
        assertFails(2, "is not a URL", "get", "example.com/file");
        assertFails(2, "is a folder", "get", url("sub/"));
        assertFails(2, "not both", "put", "--resume", "--append", "x", url(""));
        assertFails(2, "not standard output", "get", "--segments", "2", url("f"), "-");
        assertFails(2, "Unknown option", "rm", "--bogus", url("f"));
        assertFails(2, "another server", "rm", url("a"), "ftp://elsewhere.example/b");
        assertFails(2, "names no file or folder", "rmdir", url(""));
        assertFails(2, "--insecure is for FTPS", "ls", "--insecure", url(""));
        String ftpes = "ftpes://127.0.0.1:" + server.port() + "/";
        assertFails(2, "--pin and --insecure contradict", "ls", "--insecure", "--pin", "sha256:" + "0".repeat(64),
                ftpes);
        assertFails(2, "--pin: a certificate fingerprint is sha256: and 64 hex digits", "ls", "--pin", "sha256:12",
                ftpes);
    }

    @Test
    void ftpsToAServerWithoutItExitsWith3() {
        Ferry.Result explicit = assertFails(3, "AUTH TLS (the server does not offer FTPS", "ls",
                "ftpes://127.0.0.1:" + server.port() + "/");
        assertTrue(explicit.err().contains("an ftp:// URL connects without TLS"), explicit.err());
        Ferry.Result implicit = assertFails(3, "the TLS handshake on the control connection with 127.0.0.1 failed",
                "ls", "ftps://127.0.0.1:" + server.port() + "/");
        assertTrue(implicit.err().contains("ftps:// is implicit TLS (port 990)"), implicit.err());
    }

    @Test
    void aFolderGivenToGetWithoutASlashIsSaidToBeOne() throws IOException {
        Files.createDirectories(server.root().resolve("dir"));
        assertFails(2, "is a folder", "get", url("dir"), local.toString());
    }

    @Test
    void aClosedPortExitsWith3() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertFails(3, "cannot connect to 127.0.0.1:" + port, "get", "ftp://127.0.0.1:" + port + "/f",
                local.toString());
    }

    @Test
    void aWrongPasswordExitsWith4() {
        Ferry.Result r = assertFails(4, "login failed", "get", "ftp://alice:wrong@127.0.0.1:" + server.port() + "/f",
                local.toString());
        assertFalse(r.err().contains("wrong"), "the password is never shown");
    }

    @Test
    void aRefusedOperationExitsWith5AndLeavesNoFile() {
        Ferry.Result r = assertFails(5, "550", "get", url("missing.bin"), local.toString());
        assertTrue(r.err().contains("check the path"), r.err());
        assertFalse(Files.exists(local.resolve("missing.bin")));
        assertFalse(Files.exists(local.resolve(".missing.bin.part")));
        assertTrue(r.err().contains("RETR missing.bin"), r.err());
        Path file = FileTrees.write(local.resolve("f.txt"), "x".getBytes());
        assertFails(5, "550", "put", file.toString(),
                "ftp://" + TestServer.READ_ONLY_USER + ":" + TestServer.PASSWORD + "@127.0.0.1:" + server.port() + "/f.txt");
    }

    @Test
    void localProblemsExitWith1() {
        assertFails(1, "no such local file", "put", local.resolve("absent").toString(), url(""));
        FileTrees.write(server.root().resolve("f.bin"), "x".getBytes());
        assertFails(1, "no such local folder", "get", url("f.bin"), local.resolve("no/such/f.bin").toString());
        assertFails(1, "is a folder", "put", local.toString(), url(""));
    }

    @Test
    void noDataConnectionExitsWith6AndSaysWhichModesFailed() {
        server.close();
        server = TestServer.start(b -> b.passiveMode(false));
        FileTrees.write(server.root().resolve("f.bin"), "x".getBytes());
        Ferry.Result passive = assertFails(6, "no data connection could be opened", "get", "--mode", "passive",
                url("f.bin"), local.toString());
        assertTrue(passive.err().contains("EPSV") && passive.err().contains("PASV"), passive.err());
        assertTrue(passive.err().contains("try --mode active"), passive.err());

        server.close();
        server = TestServer.start(b -> b.activeMode(false));
        FileTrees.write(server.root().resolve("f.bin"), "x".getBytes());
        Ferry.Result active = assertFails(6, "no data connection could be opened", "get", "--mode", "active",
                url("f.bin"), local.toString());
        assertTrue(active.err().contains("try --mode passive"), active.err());
    }
}
