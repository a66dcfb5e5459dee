package dev.ferry.cli.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code get} against servers with faults: a download cut off keeps its bytes for {@code --resume}, and
 * {@code --segments} falls back to one stream on servers that cannot start a file part-way.
 */
class InterruptedDownloadIT {

    @TempDir
    Path local;

    @AfterEach
    void noLeaks() {
        TransferCommandsIT.assertNoPartThreads();
        FileTrees.assertNoOpenFilesUnder(local);
    }

    private static String url(ScriptedServer server) {
        return "ftp://u:p@127.0.0.1:" + server.port() + "/f.bin";
    }

    @Test
    void aDownloadCutOffKeepsItsBytesAndResumeFinishesIt() throws Exception {
        byte[] content = FileTrees.randomBytes(3_000_000, 33);
        try (ScriptedServer server = new ScriptedServer(content, new ScriptedServer.Faults(true, true, 1_000_000))) {
            Ferry.Result cut = Ferry.run("get", url(server), local.toString());
            assertEquals(5, cut.exit(), cut.toString());
            assertTrue(cut.err().contains("426") && cut.err().contains("the 1000000 bytes fetched so far are kept in")
                    && cut.err().contains("--resume"), cut.err());
            assertFalse(Files.exists(local.resolve("f.bin")), "no truncated file under the real name");
            Ferry.Result resumed = Ferry.run("get", "-v", "--resume", url(server), local.toString());
            assertEquals(0, resumed.exit(), resumed.toString());
            assertEquals(1, resumed.count("> REST 1000000"), resumed.err());
            assertArrayEquals(content, Files.readAllBytes(local.resolve("f.bin")));
        }
    }

    @Test
    void aSegmentedDownloadCutOffKeepsTheBytesBeforeTheFirstGap() throws Exception {
        byte[] content = FileTrees.randomBytes(3 * 1024 * 1024, 34);
        // the first part's download, from byte 0, is cut inside it; the other parts complete
        try (ScriptedServer server = new ScriptedServer(content, new ScriptedServer.Faults(true, true, 500_000))) {
            Ferry.Result cut = Ferry.run("get", "--segments", "3", url(server), local.toString());
            assertEquals(5, cut.exit(), cut.toString());
            assertTrue(cut.err().contains("426") && cut.err().contains("the 500000 bytes fetched so far are kept in"), cut.err());
            assertEquals(500_000, Files.size(local.resolve(".f.bin.part")));
            Ferry.Result resumed = Ferry.run("get", "--resume", "--segments", "3", url(server), local.toString());
            assertEquals(0, resumed.exit(), resumed.toString());
            assertArrayEquals(content, Files.readAllBytes(local.resolve("f.bin")));
        }
    }

    @Test
    void aRefusedRestFallsBackToOneStream() throws Exception {
        byte[] content = FileTrees.randomBytes(4 * 1024 * 1024, 31);
        try (ScriptedServer server = new ScriptedServer(content, new ScriptedServer.Faults(true, false, -1))) {
            Ferry.Result r = Ferry.run("get", "--segments", "4", url(server), local.toString());
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.err().contains("refused to start part-way") && r.err().contains("502"), r.err());
            assertArrayEquals(content, Files.readAllBytes(local.resolve("f.bin")));
            assertEquals(4, server.sessions(), "the parts were tried");
        }
    }

    @Test
    void aServerWithoutRestStreamGetsOneStreamAtOnce() throws Exception {
        byte[] content = FileTrees.randomBytes(4 * 1024 * 1024, 32);
        try (ScriptedServer server = new ScriptedServer(content, new ScriptedServer.Faults(false, false, -1))) {
            Ferry.Result r = Ferry.run("get", "--segments", "4", url(server), local.toString());
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.err().contains("does not announce SIZE and REST STREAM"), r.err());
            assertArrayEquals(content, Files.readAllBytes(local.resolve("f.bin")));
            assertEquals(1, server.sessions());
        }
    }
}
