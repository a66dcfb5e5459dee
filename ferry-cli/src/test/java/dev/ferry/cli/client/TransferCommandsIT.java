package dev.ferry.cli.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.FileTrees;
import dev.ferry.server.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry get} and {@code ferry put} against a real server, run in-process. */
class TransferCommandsIT {

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
        assertNoPartThreads();
        FileTrees.assertNoOpenFilesUnder(local);
    }

    static void assertNoPartThreads() {
        assertEquals(0, Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ferry-get-") && t.isAlive()).count(), "segment threads left");
    }

    private String url(String path) {
        return Ferry.url(server, path);
    }

    private Path remote(String name, byte[] content) {
        return FileTrees.write(server.root().resolve(name), content);
    }

    @Test
    void getAndPutAreByteIdentical() {
        byte[] content = FileTrees.randomBytes(3 * 1024 * 1024 + 17, 1);
        Path source = FileTrees.write(local.resolve("up.bin"), content);
        Ferry.Result put = Ferry.run("put", source.toString(), url("copy.bin"));
        assertEquals(0, put.exit(), put.toString());
        FileTrees.assertSameBytes(source, server.root().resolve("copy.bin"));

        Path target = local.resolve("down.bin");
        Ferry.Result get = Ferry.run("get", url("copy.bin"), target.toString());
        assertEquals(0, get.exit(), get.toString());
        FileTrees.assertSameBytes(source, target);
        assertFalse(Files.exists(local.resolve(".down.bin.part")));
        assertEquals("", get.err(), "a transfer that works prints nothing when stderr is no terminal");
        assertEquals(0, get.stdout().length);
    }

    @Test
    void getIntoAFolderNamesTheFileAfterTheUrl() {
        remote("sub/a.bin", FileTrees.randomBytes(10_000, 2));
        Path folder = local.resolve("into");
        FileTrees.write(folder.resolve("other"), new byte[0]);
        assertEquals(0, Ferry.run("get", url("sub/a.bin"), folder.toString()).exit());
        FileTrees.assertSameBytes(server.root().resolve("sub/a.bin"), folder.resolve("a.bin"));
        assertEquals(0, Ferry.run("get", url("sub/a.bin"), "-o", local.resolve("b.bin").toString()).exit());
        FileTrees.assertSameBytes(server.root().resolve("sub/a.bin"), local.resolve("b.bin"));
    }

    @Test
    void getDashWritesTheFileToStandardOutput() {
        byte[] content = FileTrees.randomBytes(700_000, 3);
        remote("s.bin", content);
        Ferry.Result r = Ferry.run(true, "get", url("s.bin"), "-");
        assertEquals(0, r.exit(), r.toString());
        assertArrayEquals(content, r.stdout());
        assertEquals("", r.err(), "no progress bar with standard output as the target");
    }

    @Test
    void aClosedStandardOutputEndsTheDownload() {
        remote("long.bin", FileTrees.randomBytes(8 * 1024 * 1024, 14));
        long[] written = {0};
        OutputStream pipe = new OutputStream() { // a reader that goes away after 100 KB, as head -c would
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written[0] > 100_000) {
                    throw new IOException("Broken pipe");
                }
                written[0] += len;
            }
        };
        Ferry.Result r = Ferry.run(pipe, false, "get", url("long.bin"), "-");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("standard output: closed by its reader"), r.err());
        assertTrue(written[0] < 1_000_000, written[0] + " bytes written after the pipe closed");
    }

    @Test
    void putSendsSeveralFilesIntoAFolder() {
        remote("in/.keep", new byte[0]);
        Path a = FileTrees.write(local.resolve("a.bin"), FileTrees.randomBytes(200_000, 4));
        Path b = FileTrees.write(local.resolve("b.bin"), FileTrees.randomBytes(300_000, 5));
        Path c = FileTrees.write(local.resolve("c.txt"), "hello".getBytes());
        Ferry.Result r = Ferry.run("put", a.toString(), b.toString(), c.toString(), url("in/"));
        assertEquals(0, r.exit(), r.toString());
        FileTrees.assertSameBytes(a, server.root().resolve("in/a.bin"));
        FileTrees.assertSameBytes(b, server.root().resolve("in/b.bin"));
        FileTrees.assertSameBytes(c, server.root().resolve("in/c.txt"));
        // the login folder, as a URL with no path
        assertEquals(0, Ferry.run("put", c.toString(), url("")).exit());
        FileTrees.assertSameBytes(c, server.root().resolve("c.txt"));
    }

    @Test
    void getResumesFromThePartFile() throws IOException {
        byte[] content = FileTrees.randomBytes(1_000_000, 6);
        remote("r.bin", content);
        Files.write(local.resolve(".r.bin.part"), Arrays.copyOf(content, 400_000));
        Ferry.Result r = Ferry.run("get", "-v", "--resume", url("r.bin"), local.toString());
        assertEquals(0, r.exit(), r.toString());
        assertArrayEquals(content, Files.readAllBytes(local.resolve("r.bin")));
        assertEquals(1, r.count("> REST 400000"), r.err());
        assertFalse(Files.exists(local.resolve(".r.bin.part")));
    }

    @Test
    void putResumesFromWhatTheServerHas() throws IOException {
        byte[] content = FileTrees.randomBytes(1_000_000, 7);
        Path source = FileTrees.write(local.resolve("u.bin"), content);
        remote("u.bin", Arrays.copyOf(content, 123_456));
        Ferry.Result r = Ferry.run("put", "-v", "--resume", source.toString(), url("u.bin"));
        assertEquals(0, r.exit(), r.toString());
        FileTrees.assertSameBytes(source, server.root().resolve("u.bin"));
        assertEquals(1, r.count("> REST 123456"), r.err());
    }

    @Test
    void putAppendAddsToTheRemoteFile() throws IOException {
        remote("log.txt", "one\n".getBytes());
        Path more = FileTrees.write(local.resolve("more.txt"), "two\n".getBytes());
        assertEquals(0, Ferry.run("put", "--append", more.toString(), url("log.txt")).exit());
        assertEquals("one\ntwo\n", Files.readString(server.root().resolve("log.txt")));
    }

    @Test
    void segmentsUseOneSessionEachAndGiveTheSameBytes() throws IOException {
        byte[] content = FileTrees.randomBytes(4 * 1024 * 1024 + 123, 8);
        remote("big.bin", content);
        Ferry.Result r = Ferry.run("get", "-v", "--segments", "4", url("big.bin"), local.toString());
        assertEquals(0, r.exit(), r.toString());
        assertArrayEquals(content, Files.readAllBytes(local.resolve("big.bin")));
        assertEquals(4, r.count("> RETR big.bin"), r.err());
        assertEquals(3, r.count("> REST "), r.err());
        assertEquals(4, r.count("> PASS "), "one login per session:\n" + r.err());
        for (String label : new String[] {"[2] ", "[3] ", "[4] "}) {
            assertTrue(r.count(label + "> RETR big.bin") == 1, label + " missing:\n" + r.err());
        }
        assertFalse(Files.exists(local.resolve(".big.bin.part")));
    }

    @Test
    void segmentsContinueAResumedDownload() throws IOException {
        byte[] content = FileTrees.randomBytes(5 * 1024 * 1024, 9);
        remote("big.bin", content);
        Files.write(local.resolve(".big.bin.part"), Arrays.copyOf(content, 1_000_000));
        Ferry.Result r = Ferry.run("get", "-v", "--resume", "--segments", "4", url("big.bin"), local.toString());
        assertEquals(0, r.exit(), r.toString());
        assertArrayEquals(content, Files.readAllBytes(local.resolve("big.bin")));
        assertEquals(1, r.count("> REST 1000000"), r.err());
        assertEquals(4, r.count("> RETR big.bin"), r.err());
    }

    @Test
    void aSmallFileIsFetchedInOneStreamDespiteSegments() throws IOException {
        byte[] content = FileTrees.randomBytes(300_000, 10);
        remote("small.bin", content);
        Ferry.Result r = Ferry.run("get", "-v", "--segments", "4", url("small.bin"), local.toString());
        assertEquals(0, r.exit(), r.toString());
        assertArrayEquals(content, Files.readAllBytes(local.resolve("small.bin")));
        assertEquals(1, r.count("> RETR small.bin"), r.err());
        assertEquals(1, r.count("> PASS "), r.err());
    }

    @Test
    void activeModeWorks() throws IOException {
        byte[] content = FileTrees.randomBytes(500_000, 11);
        remote("a.bin", content);
        Path source = FileTrees.write(local.resolve("up.bin"), content);
        Ferry.Result get = Ferry.run("get", "-v", "--mode", "active", url("a.bin"), local.toString());
        assertEquals(0, get.exit(), get.toString());
        assertArrayEquals(content, Files.readAllBytes(local.resolve("a.bin")));
        assertTrue(get.count("> EPRT ") >= 1 && get.count("> EPSV") == 0, get.err());
        Ferry.Result put = Ferry.run("put", "--mode", "active", source.toString(), url("up.bin"));
        assertEquals(0, put.exit(), put.toString());
        FileTrees.assertSameBytes(source, server.root().resolve("up.bin"));
    }

    @Test
    void autoModeFallsBackToActiveAndSaysWhy() throws IOException {
        server.close();
        server = TestServer.start(b -> b.passiveMode(false));
        byte[] content = FileTrees.randomBytes(100_000, 12);
        remote("p.bin", content);
        Ferry.Result r = Ferry.run("get", url("p.bin"), local.toString());
        assertEquals(0, r.exit(), r.toString());
        assertArrayEquals(content, Files.readAllBytes(local.resolve("p.bin")));
        assertTrue(r.err().contains("using active mode"), r.err());
        assertTrue(r.err().contains("EPSV: the server answered 502"), r.err());
        assertEquals("", Ferry.run("get", "-q", url("p.bin"), local.toString()).err(), "--quiet hides notices");
    }

    @Test
    void theProgressBarIsDrawnOnATerminalAndEndsTheLine() throws IOException {
        byte[] content = FileTrees.randomBytes(2_000_000, 13);
        remote("bar.bin", content);
        Ferry.Result r = Ferry.run(true, "get", url("bar.bin"), local.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().startsWith("\rbar.bin"), r.err());
        assertTrue(r.err().endsWith("\n"), r.err());
        String last = r.err().substring(r.err().lastIndexOf('\r') + 1);
        assertTrue(last.contains("100% [") && last.contains("1.91 MiB/1.91 MiB") && last.contains(" in 0:0"), last);
        assertEquals("", Ferry.run(true, "get", "-q", url("bar.bin"), local.toString()).err());
    }
}
