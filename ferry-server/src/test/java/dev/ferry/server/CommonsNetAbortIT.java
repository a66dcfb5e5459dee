package dev.ferry.server;

import static dev.ferry.server.CommonsNetFixture.ok;
import static dev.ferry.server.CommonsNetFixture.randomBytes;
import static dev.ferry.server.CommonsNetFixture.retrieve;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.fs.Uploads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ABOR (RFC 959 §4.1.3): during a transfer the server answers 426 for the transfer, then 226 for the ABOR;
 * without a transfer, 225. Commons Net's {@code abort()} reads only the first of the two replies, so the
 * tests read the second themselves.
 */
@Timeout(60)
class CommonsNetAbortIT {

    /** Far more than socket buffers hold, so the transfer is certainly still running when ABOR comes. */
    private static final long BIG = 200L << 20;
    private static final int READ_BEFORE_ABORT = 256 * 1024;

    private CommonsNetFixture fixture;

    @BeforeEach
    void start() throws IOException {
        // one session per carrier thread and one more, however many CPUs: above the default per-address limit
        fixture = CommonsNetFixture.start(b -> b.maxSessionsPerAddress(10_000));
        FileTrees.sparseFile(fixture.root().resolve("big.bin"), BIG);
        Files.write(fixture.root().resolve("small.bin"), randomBytes(10_000, 3));
    }

    @AfterEach
    void stop() throws IOException {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void aborDuringRetrAnswers426Then226AndTheSessionGoesOn(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);
        Transcript transcript = fixture.transcript(client);

        InputStream download = client.retrieveFileStream("big.bin");
        assertNotNull(download, client.getReplyString());
        assertEquals(150, client.getReplyCode());
        assertEquals(READ_BEFORE_ABORT, download.readNBytes(READ_BEFORE_ABORT).length);

        assertFalse(client.abort(), "the first reply to come is the transfer's 426");
        assertEquals(426, client.getReplyCode(), client.getReplyString());
        assertEquals(226, client.getReply(), "then ABOR's own reply: " + client.getReplyString());
        download.close();

        assertEquals(List.of(426, 226), transcript.repliesAfterLast("ABOR"));
        ok(client, client.sendNoOp());
        assertEquals(200, client.getReplyCode());
        assertArrayEquals(Files.readAllBytes(fixture.root().resolve("small.bin")), retrieve(client, "small.bin"));
        fixture.assertOnlyMode(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void aborDuringStorAnswers426Then226AndKeepsWhatArrived(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);
        byte[] sent = randomBytes(1 << 20, 5);

        OutputStream upload = client.storeFileStream("partial.bin");
        assertNotNull(upload, client.getReplyString());
        upload.write(sent);
        upload.flush();

        assertFalse(client.abort());
        assertEquals(426, client.getReplyCode(), client.getReplyString());
        assertEquals(226, client.getReply(), client.getReplyString());
        try {
            upload.close();
        } catch (IOException e) {
            // the server closed the data connection first; nothing was left to send
        }

        // atomic-uploads: what arrived waits under the hidden name for REST + STOR; the name stays free
        assertFalse(Files.exists(fixture.root().resolve("partial.bin")), "an aborted upload has no file yet");
        long stored = Files.size(Uploads.temporaryFor(fixture.root().resolve("partial.bin")));
        assertTrue(stored <= sent.length, "stored " + stored);
        ok(client, client.sendNoOp());
        assertArrayEquals(Files.readAllBytes(fixture.root().resolve("small.bin")), retrieve(client, "small.bin"));
    }

    /**
     * Downloads whose clients stop reading, more of them than the JVM has carrier threads for virtual threads:
     * other sessions must still be served, and ABOR must stop each of them.
     */
    @Test
    void stalledDownloadsNeitherBlockOtherSessionsNorResistAbor() throws IOException {
        // the JDK runs virtual threads on as many carrier threads as there are CPUs, unless told otherwise
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
        int stalledCount = carriers + 1;
        List<FTPClient> stalled = new ArrayList<>();
        List<InputStream> downloads = new ArrayList<>();
        for (int i = 0; i < stalledCount; i++) {
            FTPClient client = fixture.login(DataMode.PASV);
            InputStream download = client.retrieveFileStream("big.bin");
            assertNotNull(download, client.getReplyString());
            assertEquals(READ_BEFORE_ABORT, download.readNBytes(READ_BEFORE_ABORT).length);
            stalled.add(client);
            downloads.add(download);
        }

        FTPClient other = fixture.login(DataMode.EPSV);
        assertArrayEquals(Files.readAllBytes(fixture.root().resolve("small.bin")), retrieve(other, "small.bin"));

        for (int i = 0; i < stalledCount; i++) {
            FTPClient client = stalled.get(i);
            assertFalse(client.abort());
            assertEquals(426, client.getReplyCode(), client.getReplyString());
            assertEquals(226, client.getReply(), client.getReplyString());
            downloads.get(i).close();
            ok(client, client.sendNoOp());
        }
    }

    @Test
    void aborWithoutATransferAnswers225() throws IOException {
        FTPClient client = fixture.login(DataMode.PASV);

        ok(client, client.abort());
        assertEquals(225, client.getReplyCode(), client.getReplyString());

        retrieve(client, "small.bin");
        ok(client, client.abort());
        assertEquals(225, client.getReplyCode(), "the transfer before had completed: " + client.getReplyString());
        ok(client, client.sendNoOp());
    }
}
