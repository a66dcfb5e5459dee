package dev.ferry.server;

import static dev.ferry.server.RawFtp.LOOPBACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who reads the control connection: the session itself between transfers, a watcher during a transfer (so
 * that ABOR acts at once), and the session again afterwards. Commands a client sends during a transfer are
 * answered in order after it, and ABOR still reaches every later transfer.
 */
@Timeout(60)
class ControlReadingIT {

    /** Far more than socket buffers hold, so a transfer is certainly still running while the test talks. */
    private static final long BIG = 200L << 20;

    @Test
    void commandsSentDuringATransferAreAnsweredAfterItAndAborReachesTheNextTransfers() throws IOException {
        try (TestServer server = TestServer.start()) {
            FileTrees.sparseFile(server.root().resolve("big.bin"), BIG);
            try (RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
                ftp.expect(200, ftp.send("TYPE I"));

                // 1: commands pipelined during a download wait for its 226 and are answered in order
                try (Socket data = RawFtp.socketFrom(LOOPBACK, LOOPBACK, ftp.pasvPort())) {
                    ftp.expect(150, ftp.send("RETR big.bin"));
                    InputStream in = data.getInputStream();
                    in.readNBytes(1 << 20);
                    ftp.write("NOOP");
                    ftp.write("PWD");
                    assertEquals(BIG - (1 << 20), in.transferTo(OutputStream.nullOutputStream()));
                }
                ftp.expect(226, ftp.read());
                ftp.expect(200, ftp.read());
                ftp.expect(257, ftp.read());

                // 2: after the session took the reading back, a new transfer is watched again: ABOR acts at once
                abortedDownload(ftp, ftp.pasvPort(), false);

                // 3: PASV and RETR sent during a download: the next transfer starts while the same watcher
                // is still reading, and ABOR reaches it too
                try (Socket data = RawFtp.socketFrom(LOOPBACK, LOOPBACK, ftp.pasvPort())) {
                    ftp.expect(150, ftp.send("RETR big.bin"));
                    InputStream in = data.getInputStream();
                    in.readNBytes(1 << 20);
                    ftp.write("PASV");
                    ftp.write("RETR big.bin");
                    in.transferTo(OutputStream.nullOutputStream());
                }
                ftp.expect(226, ftp.read());
                abortedDownload(ftp, RawFtp.pasvPort(ftp.expect(227, ftp.read())), true);

                ftp.expect(200, ftp.send("NOOP"));
                ftp.expect(221, ftp.send("QUIT"));
            }
        }
    }

    /** A download of big.bin from {@code port}, aborted after its first MiB: 426 for it, then 226. */
    private static void abortedDownload(RawFtp ftp, int port, boolean retrSent) throws IOException {
        try (Socket data = RawFtp.socketFrom(LOOPBACK, LOOPBACK, port)) {
            ftp.expect(150, retrSent ? ftp.read() : ftp.send("RETR big.bin"));
            data.getInputStream().readNBytes(1 << 20);
            // The test reads no more data, so only ABOR can end this transfer before the timeout.
            ftp.write("ABOR");
            ftp.expect(426, ftp.read());
            ftp.expect(226, ftp.read());
            long rest = data.getInputStream().transferTo(OutputStream.nullOutputStream());
            assertTrue(rest < BIG - (1 << 20), "the download ran to its end: ABOR did not reach it");
        }
    }
}
