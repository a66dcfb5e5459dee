package dev.ferry.cli.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.server.FileTrees;
import dev.ferry.server.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client verbs of the packaged jar, as a shell runs them: real standard streams, real exit codes. */
class ClientCliIT {

    private static final Path JAR = Path.of("target", "ferry.jar").toAbsolutePath();
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @TempDir
    Path dir;
    private TestServer server;

    record Result(int exit, byte[] out, String err) {
    }

    @BeforeEach
    void start() {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<String> command(String... args) {
        // a quick start: these runs are short, and each starts a JVM
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        command.add("--netrc-file=" + dir.resolve("no-netrc")); // the user's own credentials stay out of it
        return command;
    }

    private Result ferry(String... args) throws Exception {
        Process p = new ProcessBuilder(command(args)).directory(dir.toFile()).start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ferry " + String.join(" ", args) + " did not finish");
        return new Result(p.exitValue(), out, new String(err.get(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String url(String path) {
        return Ferry.url(server, path);
    }

    @Test
    void getDashPipesTheFileAndNothingElseToStandardOutput() throws Exception {
        byte[] content = FileTrees.randomBytes(1_500_000, 21);
        FileTrees.write(server.root().resolve("pipe.bin"), content);
        Result r = ferry("get", url("pipe.bin"), "-");
        assertEquals(0, r.exit(), r.err());
        assertArrayEquals(content, r.out());
        assertEquals("", r.err());
    }

    @Test
    void putAndGetThroughTheJarWithoutATerminalDrawNoBar() throws Exception {
        Path a = FileTrees.write(dir.resolve("a.bin"), FileTrees.randomBytes(2_000_000, 22));
        Path b = FileTrees.write(dir.resolve("b.bin"), FileTrees.randomBytes(10_000, 23));
        Result put = ferry("put", a.toString(), b.toString(), url(""));
        assertEquals(0, put.exit(), put.err());
        assertEquals("", put.err(), "stderr is a pipe: no progress bar");
        FileTrees.assertSameBytes(a, server.root().resolve("a.bin"));
        FileTrees.assertSameBytes(b, server.root().resolve("b.bin"));
        Files.createDirectories(dir.resolve("back"));
        Result get = ferry("get", url("a.bin"), "back");
        assertEquals(0, get.exit(), get.err());
        FileTrees.assertSameBytes(a, dir.resolve("back/a.bin"));
    }

    @Test
    void exitCodesReachTheShell() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertEquals(2, ferry("get").exit());
        Result connection = ferry("ls", "ftp://127.0.0.1:" + closed + "/");
        assertEquals(3, connection.exit(), connection.err());
        assertTrue(connection.err().contains("is an FTP server running there"), connection.err());
        assertEquals(4, ferry("rm", "ftp://alice:nope@127.0.0.1:" + server.port() + "/x").exit());
        assertEquals(5, ferry("rm", url("missing")).exit());
    }

    /** Under a pseudo-terminal (util-linux script), the bar is drawn: the terminal check sees a real tty. */
    @Test
    void aTerminalGetsTheProgressBar() throws Exception {
        Path script = Path.of("/usr/bin/script");
        assumeTrue(Files.isExecutable(script), "needs util-linux script for a pseudo-terminal");
        FileTrees.write(server.root().resolve("t.bin"), FileTrees.randomBytes(1_000_000, 24));
        String line = command("get", url("t.bin"), dir.resolve("t.bin").toString()).stream()
                .map(arg -> "'" + arg + "'").collect(Collectors.joining(" "));
        Process p = new ProcessBuilder(script.toString(), "-qec", line, "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("\rt.bin") && output.contains("100% ["), output);
        FileTrees.assertSameBytes(server.root().resolve("t.bin"), dir.resolve("t.bin"));
    }
}
