package dev.ferry.cli.client.mirror;

import static dev.ferry.cli.client.mirror.MirrorFixture.mirror;
import static dev.ferry.cli.client.mirror.MirrorFixture.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.cli.client.ExitCode;
import dev.ferry.cli.client.mirror.MirrorFixture.Result;
import dev.ferry.server.FileTrees;
import dev.ferry.server.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that fails does not stop the others, and the exit code says what kind of failure came first. */
class MirrorFailuresIT {

    @TempDir
    Path dir;

    @AfterEach
    void noFileLeftOpen() {
        FileTrees.assertNoOpenFilesUnder(dir);
    }

    private static Path files(Path root, int count) {
        for (int i = 0; i < count; i++) {
            FileTrees.write(root.resolve("f" + i + ".txt"), ("file " + i).getBytes(StandardCharsets.UTF_8));
        }
        return root;
    }

    @Test
    void aFileThatCannotBeWrittenHereFailsAloneAndTheNextRunFetchesOnlyIt() throws IOException {
        try (TestServer server = TestServer.start()) {
            Path remoteTree = files(server.root().resolve("down"), 10);
            Path here = dir.resolve("here");
            // the download's temporary file cannot be created where a directory stands
            Path blocker = Files.createDirectories(here.resolve(".f3.txt.part"));

            Result failed = mirror("--parallel", "4", url(server, "down"), here.toString());
            assertEquals(ExitCode.LOCAL.code(), failed.exit(), failed.toString());
            assertEquals(List.of(9L, 0L, 0L, 1L), failed.counts(), failed.toString());
            assertTrue(failed.err().startsWith("ferry: get f3.txt: "), failed.err());

            Files.delete(blocker);
            Result again = mirror(url(server, "down"), here.toString());
            assertEquals(0, again.exit(), again.toString());
            assertEquals(List.of(1L, 9L, 0L, 0L), again.counts(), again.toString());
            FileTrees.assertSameTree(remoteTree, here);
        }
    }

    @Test
    void aReadOnlyUserFailsEveryUploadAndEachIsTried() {
        Path source = files(dir.resolve("source"), 6);
        FileTrees.write(source.resolve("sub/g.txt"), new byte[] {1});
        try (TestServer server = TestServer.start()) {
            Result refused = mirror("--parallel", "4", source.toString(), url(server, TestServer.READ_ONLY_USER, ""));
            assertEquals(ExitCode.REMOTE_FILE.code(), refused.exit(), refused.toString());
            assertEquals(List.of(0L, 0L, 0L, 8L), refused.counts(), refused.toString()); // mkdir sub and 7 files
            assertEquals(8, refused.err().lines().filter(l -> l.startsWith("ferry: ")).count(), refused.err());
            assertEquals(List.of(), FileTrees.entries(server.root()).stream().toList());
        }
    }

    @Test
    void aDirectoryTheServerRefusesFailsOnlyWhatGoesInIt() throws IOException {
        Path source = files(dir.resolve("source"), 5);
        FileTrees.write(source.resolve("outside/x.txt"), new byte[] {1, 2});
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        try (TestServer server = TestServer.start()) {
            Path copy = Files.createDirectories(server.root().resolve("up"));
            // a link out of the server's root: listed by no one, refused to everyone
            Files.createSymbolicLink(copy.resolve("outside"), elsewhere);

            Result partly = mirror(source.toString(), url(server, "up"));
            assertEquals(ExitCode.REMOTE_FILE.code(), partly.exit(), partly.toString());
            assertEquals(List.of(5L, 0L, 0L, 2L), partly.counts(), partly.toString());
            assertTrue(partly.err().contains("ferry: mkdir outside: MKD up/outside: 550"), partly.err());
            assertTrue(partly.err().contains("ferry: put outside/x.txt: STOR up/outside/x.txt: 550"), partly.err());
            for (int i = 0; i < 5; i++) {
                FileTrees.assertSameBytes(source.resolve("f" + i + ".txt"), copy.resolve("f" + i + ".txt"));
            }
            assertEquals(List.of(), FileTrees.entries(elsewhere).stream().toList());
            Files.delete(copy.resolve("outside"));
        }
    }

    @Test
    void sessionsTheServerRefusesLeaveTheFilesToTheOthers() {
        Path source = files(dir.resolve("source"), 40);
        try (TestServer server = TestServer.start(b -> b.maxSessionsPerAddress(2))) {
            Result result = mirror("--parallel", "4", source.toString(), url(server, "up"));
            assertEquals(0, result.exit(), result.toString());
            assertEquals(List.of(40L, 0L, 0L, 0L), result.counts(), result.toString());
            assertTrue(result.err().contains("could not connect"), result.err());
            assertTrue(result.err().contains("the other sessions carry on"), result.err());
            FileTrees.assertSameTree(source, server.root().resolve("up"));
        }
    }

    @Test
    void argumentsThatCannotWorkAreUsageErrors() {
        Path source = files(dir.resolve("source"), 1);
        assertUsage("neither SRC nor DEST is a URL", source.toString(), dir.resolve("b").toString());
        assertUsage("SRC and DEST are both URLs", "ftp://127.0.0.1/a", "ftp://127.0.0.1/b");
        assertUsage("--parallel must be within 1-64, not 0", "--parallel", "0", source.toString(), "ftp://127.0.0.1/");
        assertUsage("only ftp://, ftpes:// (explicit FTPS) and ftps:// (implicit FTPS) URLs are supported",
                source.toString(), "sftp://127.0.0.1/");
        Result missing = mirror(dir.resolve("missing").toString(), "ftp://127.0.0.1/");
        assertEquals(ExitCode.LOCAL.code(), missing.exit(), missing.toString());
        assertTrue(missing.err().startsWith("ferry: no such local file: "), missing.err());
    }

    @Test
    void noServerThereIsAConnectionFailure() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        Path source = files(dir.resolve("source"), 1);
        Result refused = mirror("--connect-timeout", "2s", source.toString(), "ftp://u:p@127.0.0.1:" + port + "/");
        assertEquals(ExitCode.CONNECTION.code(), refused.exit(), refused.toString());
        assertEquals("", refused.out());
    }

    private static void assertUsage(String message, String... args) {
        Result result = mirror(args);
        assertEquals(ExitCode.USAGE.code(), result.exit(), result.toString());
        assertTrue(result.err().contains(message), result.err());
    }
}
