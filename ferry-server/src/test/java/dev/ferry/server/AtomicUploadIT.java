package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.fs.Uploads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * atomic-uploads: an upload is written under its hidden name and replaces the file only when complete.
 * Uploads are driven by hand ({@link RawFtp} and a raw data socket), so a test can hold one half-way, look
 * at the disk and from other sessions, and end it the way it wants: complete, ABOR, or a cut data socket.
 */
@Timeout(60)
class AtomicUploadIT {

    private static final byte[] OLD = FileTrees.randomBytes(100_000, 1);
    private static final byte[] NEW = FileTrees.randomBytes(3_000_000, 2);
    private static final int HALF = 1_000_000;

    private TestServer server;

    private void start(boolean atomic) {
        server = TestServer.start(b -> b.atomicUploads(atomic).stallTimeout(Duration.ofSeconds(30)));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** An upload held open after its first bytes reached the server's disk. */
    private final class OpenUpload implements AutoCloseable {
        final RawFtp control;
        final Socket data;

        OpenUpload(RawFtp control, String command, byte[] first, Path growing) throws IOException {
            this.control = control;
            this.data = RawFtp.socketFrom(RawFtp.LOOPBACK, RawFtp.LOOPBACK, control.pasvPort());
            control.expect(150, control.send(command));
            data.getOutputStream().write(first);
            data.getOutputStream().flush();
            awaitSize(growing, first.length);
        }

        RawFtp.Reply finish(byte[] rest) throws IOException {
            data.getOutputStream().write(rest);
            data.close();
            return control.read();
        }

        /** The client vanishes from the data connection: a reset, not the orderly close that means end of file. */
        RawFtp.Reply cut() throws IOException {
            data.setSoLinger(true, 0);
            data.close();
            return control.read();
        }

        @Override
        public void close() throws IOException {
            data.close();
        }
    }

    private RawFtp login() {
        RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD);
        ftp.expect(200, ftp.send("TYPE I"));
        return ftp;
    }

    private Path file(String name) {
        return server.root().resolve(name);
    }

    private Path partial(String name) {
        return Uploads.temporaryFor(file(name));
    }

    private static void awaitSize(Path file, long size) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try {
            while (!(Files.exists(file) && Files.size(file) >= size)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(file + " did not reach " + size + " bytes");
                }
                Thread.sleep(5);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static byte[] head(int n) {
        return Arrays.copyOf(NEW, n);
    }

    private static byte[] tail(int from) {
        return Arrays.copyOfRange(NEW, from, NEW.length);
    }

    @Test
    void othersSeeThePreviousFileUntilTheUploadIsComplete() throws IOException {
        start(true);
        Files.write(file("f.bin"), OLD);
        try (RawFtp uploader = login(); RawFtp reader = login();
             OpenUpload upload = new OpenUpload(uploader, "STOR f.bin", head(HALF), partial("f.bin"))) {
            assertArrayEquals(OLD, Files.readAllBytes(file("f.bin")), "the file is untouched during the upload");
            assertArrayEquals(OLD, reader.download("RETR f.bin").data());
            assertEquals("213 " + OLD.length, reader.send("SIZE f.bin").toString());
            for (String listing : new String[] {"LIST -a", "NLST -a", "MLSD"}) {
                String text = reader.download(listing).dataText();
                assertTrue(text.contains("f.bin"), text);
                assertFalse(text.contains(Uploads.PREFIX), listing + " shows the upload in progress: " + text);
            }
            String stat = reader.send("STAT -a .").text();
            assertFalse(stat.contains(Uploads.PREFIX), stat);

            uploader.expect(226, upload.finish(tail(HALF)));
        }
        assertArrayEquals(NEW, Files.readAllBytes(file("f.bin")));
        assertFalse(Files.exists(partial("f.bin")), "the hidden name is gone once the upload is complete");
    }

    @Test
    void hiddenNamesCannotBeAddressed() throws IOException {
        start(true);
        Files.write(file("f.bin"), OLD);
        Files.write(partial("f.bin"), head(HALF));
        String hidden = partial("f.bin").getFileName().toString();
        try (RawFtp ftp = login()) {
            for (String command : new String[] {"SIZE ", "MDTM ", "DELE ", "RNFR ", "MLST ", "CWD ", "MKD ", "RETR ",
                    "SIZE sub/../", "SITE CHMOD 600 "}) {
                RawFtp.Reply reply = ftp.send(command + hidden);
                assertEquals(550, reply.code(), command + hidden + ": " + reply);
            }
            assertEquals(550, ftp.upload("STOR " + hidden, new byte[10]).last().code());
            assertEquals(550, ftp.upload("APPE " + hidden, new byte[10]).last().code());
        }
        assertArrayEquals(head(HALF), Files.readAllBytes(partial("f.bin")));
    }

    @Test
    void anAbortedUploadLeavesTheFileAloneAndRestPlusStorResumesIt() throws IOException {
        start(true);
        Files.write(file("f.bin"), OLD);
        try (RawFtp ftp = login()) {
            try (OpenUpload upload = new OpenUpload(ftp, "STOR f.bin", head(HALF), partial("f.bin"))) {
                ftp.write("ABOR");
                ftp.expect(426, ftp.read());
                ftp.expect(226, ftp.read());
            }
            assertArrayEquals(OLD, Files.readAllBytes(file("f.bin")), "an aborted upload does not touch the file");
            long kept = Files.size(partial("f.bin"));
            assertTrue(kept >= HALF, "the partial upload is kept: " + kept);
            assertArrayEquals(head((int) kept), Files.readAllBytes(partial("f.bin")));

            ftp.expect(350, ftp.send("REST " + HALF));
            ftp.expect(226, ftp.upload("STOR f.bin", tail(HALF)).last());
        }
        assertArrayEquals(NEW, Files.readAllBytes(file("f.bin")));
        assertFalse(Files.exists(partial("f.bin")));
    }

    @Test
    void anUploadCutOffByTheClientKeepsItsPartAndResumes() throws IOException {
        start(true);
        Files.write(file("f.bin"), OLD);
        try (RawFtp ftp = login()) {
            try (OpenUpload upload = new OpenUpload(ftp, "STOR f.bin", head(HALF), partial("f.bin"))) {
                ftp.expect(426, upload.cut());
            }
            assertArrayEquals(OLD, Files.readAllBytes(file("f.bin")));
            assertArrayEquals(head(HALF), Files.readAllBytes(partial("f.bin")));

            // resuming beyond what the server holds is refused, and the reply says how much it holds
            ftp.expect(350, ftp.send("REST " + (HALF + 1)));
            RawFtp.Reply refused = ftp.upload("STOR f.bin", tail(HALF + 1)).last();
            assertEquals(554, refused.code(), refused.toString());
            assertTrue(refused.text().contains("(" + HALF + " bytes)"), refused.toString());
            assertArrayEquals(head(HALF), Files.readAllBytes(partial("f.bin")), "a refused resume keeps the part");

            // an offset inside the part is fine: what followed it is replaced
            ftp.expect(350, ftp.send("REST " + (HALF - 1000)));
            ftp.expect(226, ftp.upload("STOR f.bin", tail(HALF - 1000)).last());
        }
        assertArrayEquals(NEW, Files.readAllBytes(file("f.bin")));
        assertFalse(Files.exists(partial("f.bin")));
    }

    @Test
    void aSecondUploadOfTheSameFileGets450() throws IOException {
        start(true);
        Files.write(file("f.bin"), OLD);
        try (RawFtp first = login(); RawFtp second = login();
             OpenUpload upload = new OpenUpload(first, "STOR f.bin", head(HALF), partial("f.bin"))) {
            for (String command : new String[] {"STOR f.bin", "APPE f.bin", "STOR ./sub/../f.bin"}) {
                RawFtp.Reply busy = second.upload(command, OLD).last();
                assertEquals(450, busy.code(), command + ": " + busy);
                assertTrue(busy.text().contains("being uploaded by another session"), busy.toString());
            }
            assertEquals(450, second.send("DELE f.bin").code());
            assertEquals(450, second.send("RNFR f.bin").code());
            Files.write(file("other.bin"), OLD);
            second.expect(350, second.send("RNFR other.bin"));
            assertEquals(450, second.send("RNTO f.bin").code(), "nor can another file be renamed over it");

            first.expect(226, upload.finish(tail(HALF)));
            // the file is free again
            second.expect(250, second.send("DELE other.bin"));
        }
        assertArrayEquals(NEW, Files.readAllBytes(file("f.bin")));
        assertFalse(Files.exists(partial("f.bin")));
    }

    @Test
    void sessionsOfTwoServersInOneJvmAlsoTakeTurns() throws IOException {
        start(true);
        Files.write(file("f.bin"), OLD);
        try (TestServer other = TestServer.start(b -> b.root(server.root()));
             RawFtp first = login();
             RawFtp second = RawFtp.login(other.port(), TestServer.USER, TestServer.PASSWORD);
             OpenUpload upload = new OpenUpload(first, "STOR f.bin", head(HALF), partial("f.bin"))) {
            second.expect(200, second.send("TYPE I"));
            assertEquals(450, second.upload("STOR f.bin", OLD).last().code());
            first.expect(226, upload.finish(tail(HALF)));
            second.close();
        }
        assertArrayEquals(NEW, Files.readAllBytes(file("f.bin")));
    }

    @Test
    void deleRemovesAFileWithItsPartialUploadAndRmdAFolderOfPartials() throws IOException {
        start(true);
        Files.write(file("f.bin"), OLD);
        Files.write(partial("f.bin"), head(10));
        Files.createDirectory(file("dir"));
        Files.write(partial("dir/g.bin"), head(10));
        Files.write(partial("only-part.bin"), head(10));
        try (RawFtp ftp = login()) {
            ftp.expect(250, ftp.send("DELE f.bin"));
            RawFtp.Reply partOnly = ftp.expect(250, ftp.send("DELE only-part.bin"));
            assertEquals("Partial upload deleted", partOnly.text());
            ftp.expect(550, ftp.send("DELE only-part.bin"));
            ftp.expect(250, ftp.send("RMD dir"));
        }
        assertEquals(java.util.Set.of(), FileTrees.entries(server.root()));
    }

    @Test
    void aStorWithoutADataConnectionNeitherDropsAPartialUploadNorLeavesOne() throws IOException {
        start(true);
        Files.write(partial("f.bin"), head(HALF));
        try (RawFtp ftp = login()) {
            ftp.expect(425, ftp.send("STOR f.bin"));
            ftp.expect(425, ftp.send("STOR new.bin"));
            ftp.expect(425, ftp.send("STOU"));
        }
        assertArrayEquals(head(HALF), Files.readAllBytes(partial("f.bin")));
        assertEquals(java.util.Set.of(partial("f.bin").getFileName().toString()), FileTrees.entries(server.root()));
    }

    @Test
    void resumeWithoutAPartialStartsFromTheFileItself() throws IOException {
        start(true);
        // the old way: a client that uploaded the first part under the real name, then asks SIZE
        Files.write(file("f.bin"), head(HALF));
        try (RawFtp ftp = login()) {
            ftp.expect(350, ftp.send("REST " + HALF));
            ftp.expect(226, ftp.upload("STOR f.bin", tail(HALF)).last());
            ftp.expect(350, ftp.send("REST 10"));
            RawFtp.Reply none = ftp.upload("STOR missing.bin", new byte[5]).last();
            assertEquals(554, none.code(), none.toString());
        }
        assertArrayEquals(NEW, Files.readAllBytes(file("f.bin")));
        assertEquals(java.util.Set.of("f.bin"), FileTrees.entries(server.root()));
    }

    @Test
    void aReplacedFileKeepsItsModeAndALongNameGetsAHashedHiddenName() throws IOException {
        start(true);
        Files.write(file("f.bin"), OLD);
        Files.setPosixFilePermissions(file("f.bin"), PosixFilePermissions.fromString("rw-------"));
        String longName = "n".repeat(250);
        assertTrue(partial(longName).getFileName().toString().length() < 255, partial(longName).toString());
        try (RawFtp ftp = login()) {
            ftp.expect(226, ftp.upload("STOR f.bin", NEW).last());
            try (OpenUpload upload = new OpenUpload(ftp, "STOR " + longName, head(HALF), partial(longName))) {
                ftp.expect(426, upload.cut());
            }
            ftp.expect(350, ftp.send("REST " + HALF));
            ftp.expect(226, ftp.upload("STOR " + longName, tail(HALF)).last());
        }
        assertArrayEquals(NEW, Files.readAllBytes(file("f.bin")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file("f.bin"))));
        assertArrayEquals(NEW, Files.readAllBytes(file(longName)));
        assertEquals(java.util.Set.of("f.bin", longName), FileTrees.entries(server.root()));
    }

    @Test
    void stouWritesUnderTheHiddenNameToo() throws IOException {
        start(true);
        try (RawFtp ftp = login()) {
            Socket data = RawFtp.socketFrom(RawFtp.LOOPBACK, RawFtp.LOOPBACK, ftp.pasvPort());
            RawFtp.Reply opening = ftp.expect(150, ftp.send("STOU report.txt"));
            assertTrue(opening.text().contains("FILE: report.txt"), opening.toString());
            data.getOutputStream().write(head(HALF));
            awaitSize(partial("report.txt"), HALF);
            assertFalse(Files.exists(file("report.txt")), "the new name appears only when the upload is complete");
            data.getOutputStream().write(tail(HALF));
            data.close();
            ftp.expect(226, ftp.read());
            RawFtp.Reply second = ftp.upload("STOU report.txt", OLD).last();
            ftp.expect(226, second);
        }
        assertArrayEquals(NEW, Files.readAllBytes(file("report.txt")));
        assertEquals(2, FileTrees.entries(server.root()).size(), FileTrees.entries(server.root()).toString());
    }

    @Test
    void withAtomicUploadsOffAnUploadWritesInPlace() throws IOException {
        start(false);
        Files.write(file("f.bin"), OLD);
        try (RawFtp ftp = login(); RawFtp second = login()) {
            try (OpenUpload upload = new OpenUpload(ftp, "STOR f.bin", head(HALF), file("f.bin"))) {
                assertArrayEquals(head(HALF), Files.readAllBytes(file("f.bin")), "written in place");
                assertEquals(450, second.upload("STOR f.bin", OLD).last().code(), "two writers still take turns");
                ftp.expect(426, upload.cut());
            }
            ftp.expect(350, ftp.send("REST " + HALF));
            ftp.expect(226, ftp.upload("STOR f.bin", tail(HALF)).last());
        }
        assertArrayEquals(NEW, Files.readAllBytes(file("f.bin")));
        assertEquals(java.util.Set.of("f.bin"), FileTrees.entries(server.root()));
    }
}
