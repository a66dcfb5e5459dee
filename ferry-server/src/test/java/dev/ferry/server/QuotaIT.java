package dev.ferry.server;

import static dev.ferry.server.RawFtp.LOOPBACK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.auth.UserLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Per-user quotas (quota-bytes, quota-files): 552 when exceeded, before or during an upload; deletes free. */
class QuotaIT {

    private static final int KIB = 1 << 10;

    @Test
    void uploadCrossingTheByteQuotaGets552AndLeavesNoFile() throws IOException {
        try (TestServer server = TestServer.start(b -> { }, new UserLimits(0, 0, 1 << 20, 0));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(200, ftp.send("TYPE I"));
            RawFtp.Reply reply = uploadExpectingRefusal(ftp, "STOR big.bin", DataConnectionIT.randomBytes(2 << 20, 1));
            ftp.expect(552, reply);
            assertTrue(reply.text().contains("Quota exceeded") && reply.text().contains("of 1M"), reply::toString);
            assertFalse(Files.exists(server.root().resolve("big.bin")), "a cut upload must not stay as the file");
            byte[] small = DataConnectionIT.randomBytes(100 * KIB, 2);
            ftp.expect(226, ftp.upload("STOR small.bin", small).last()); // the refused bytes were given back
            assertArrayEquals(small, Files.readAllBytes(server.root().resolve("small.bin")));
        }
    }

    @Test
    void appendCrossingTheByteQuotaLeavesTheFileAsItWas() throws IOException {
        byte[] before = DataConnectionIT.randomBytes(600 * KIB, 3);
        try (TestServer server = TestServer.start(b -> { }, new UserLimits(0, 0, 1 << 20, 0))) {
            Files.write(server.root().resolve("log.bin"), before);
            try (RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
                ftp.expect(200, ftp.send("TYPE I"));
                ftp.expect(552, uploadExpectingRefusal(ftp, "APPE log.bin", DataConnectionIT.randomBytes(600 * KIB, 4)));
                assertArrayEquals(before, Files.readAllBytes(server.root().resolve("log.bin")));
                ftp.expect(200, ftp.send("NOOP"));
            }
        }
    }

    @Test
    void fullHomeRefusesAnUploadBeforeItStarts() throws IOException {
        try (TestServer server = TestServer.start(b -> { }, new UserLimits(0, 0, 100 * KIB, 0))) {
            Files.write(server.root().resolve("full.bin"), new byte[100 * KIB]); // there before the server walks
            try (RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
                RawFtp.Transfer t = ftp.upload("STOR more.bin", new byte[10]);
                ftp.expect(552, t.first()); // no 150: refused before the data connection is used
                assertTrue(t.first().text().contains("100K used of 100K"), t.first()::toString);
                assertFalse(Files.exists(server.root().resolve("more.bin")));
            }
        }
    }

    @Test
    void fileQuotaRefusesNewFilesAndFoldersButNotOverwrites() throws IOException {
        try (TestServer server = TestServer.start(b -> { }, new UserLimits(0, 0, 0, 2));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(226, ftp.upload("STOR a.txt", "a".getBytes()).last());
            ftp.expect(257, ftp.send("MKD dir"));
            RawFtp.Reply refused = ftp.upload("STOR c.txt", "c".getBytes()).first();
            ftp.expect(552, refused);
            assertTrue(refused.text().contains("2 of 2 files"), refused::toString);
            ftp.expect(552, ftp.send("MKD other"));
            ftp.expect(552, ftp.upload("STOU", "u".getBytes()).first());
            ftp.expect(226, ftp.upload("STOR a.txt", "again".getBytes()).last()); // replaces: no new file
            assertEquals("again", Files.readString(server.root().resolve("a.txt")));
            assertFalse(Files.exists(server.root().resolve("c.txt")));
            assertFalse(Files.exists(server.root().resolve("other")));
        }
    }

    @Test
    void deletingFreesTheQuota() throws IOException {
        try (TestServer server = TestServer.start(b -> { }, new UserLimits(0, 0, 1 << 20, 2));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(200, ftp.send("TYPE I"));
            ftp.expect(226, ftp.upload("STOR one.bin", new byte[900 * KIB]).last());
            ftp.expect(552, uploadExpectingRefusal(ftp, "STOR two.bin", new byte[300 * KIB]));
            ftp.expect(250, ftp.send("DELE one.bin"));
            ftp.expect(226, ftp.upload("STOR two.bin", new byte[300 * KIB]).last());

            ftp.expect(257, ftp.send("MKD d"));
            ftp.expect(552, ftp.send("MKD e")); // two.bin and d: 2 of 2 files
            ftp.expect(250, ftp.send("RMD d"));
            ftp.expect(257, ftp.send("MKD e"));
        }
    }

    @Test
    void sessionsOfOneUserShareTheCount() throws IOException {
        try (TestServer server = TestServer.start(b -> { }, new UserLimits(0, 0, 0, 1));
             RawFtp first = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD);
             RawFtp second = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            second.expect(200, second.send("NOOP"));
            first.expect(226, first.upload("STOR a.txt", "a".getBytes()).last());
            second.expect(552, second.upload("STOR b.txt", "b".getBytes()).first());
        }
    }

    /**
     * Starts an upload whose data the server stops reading: sends what it can (the server may reset the data
     * connection once it refuses), then returns the final reply.
     */
    private static RawFtp.Reply uploadExpectingRefusal(RawFtp ftp, String command, byte[] content) throws IOException {
        int port = ftp.pasvPort();
        try (Socket data = RawFtp.socketFrom(LOOPBACK, LOOPBACK, port)) {
            ftp.expect(150, ftp.send(command));
            try {
                OutputStream out = data.getOutputStream();
                out.write(content);
                data.shutdownOutput();
            } catch (IOException cutByServer) {
                // expected: the server closed the data connection when the quota ran out
            }
            return ftp.read();
        }
    }
}
