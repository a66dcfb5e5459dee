package dev.ferry.server;

import static dev.ferry.server.CommonsNetFixture.ok;
import static dev.ferry.server.CommonsNetFixture.randomBytes;
import static dev.ferry.server.CommonsNetFixture.retrieve;
import static dev.ferry.server.CommonsNetFixture.store;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** REST STREAM (RFC 3659 §5): resumed downloads and uploads in binary, and what is refused. */
@Timeout(60)
class CommonsNetRestartIT {

    private static final byte[] CONTENT = randomBytes(1_000_003, 11);
    private static final int CUT = 400_000;

    private CommonsNetFixture fixture;
    private FTPClient client;

    @BeforeEach
    void start() throws IOException {
        fixture = CommonsNetFixture.start();
        client = fixture.login(DataMode.PASV);
    }

    @AfterEach
    void stop() throws IOException {
        fixture.close();
    }

    @Test
    void retrWithRestartOffsetSendsTheRestOfTheFile() throws IOException {
        Files.write(file("data.bin"), CONTENT);

        client.setRestartOffset(CUT);
        byte[] tail = retrieve(client, "data.bin");
        client.setRestartOffset(CONTENT.length); // Commons Net forgets the offset after each transfer
        byte[] nothing = retrieve(client, "data.bin");

        assertArrayEquals(Arrays.copyOfRange(CONTENT, CUT, CONTENT.length), tail);
        assertEquals(0, nothing.length, "REST at the very end is valid and sends nothing");
        byte[] resumed = new byte[CONTENT.length];
        System.arraycopy(CONTENT, 0, resumed, 0, CUT);
        System.arraycopy(tail, 0, resumed, CUT, tail.length);
        assertArrayEquals(CONTENT, resumed);
    }

    @Test
    void storWithRestartOffsetCompletesAPartialUpload() throws IOException {
        store(client, "upload.bin", Arrays.copyOf(CONTENT, CUT));

        client.setRestartOffset(CUT);
        ok(client, client.storeFile("upload.bin", new ByteArrayInputStream(CONTENT, CUT, CONTENT.length - CUT)));

        assertArrayEquals(CONTENT, Files.readAllBytes(file("upload.bin")));
        assertArrayEquals(CONTENT, retrieve(client, "upload.bin"));
    }

    @Test
    void resumedUploadReplacesWhateverFollowedTheOffset() throws IOException {
        // a broken earlier upload: the right first part, then more garbage than the rest of the file
        byte[] broken = randomBytes(CONTENT.length + 200_000, 12);
        System.arraycopy(CONTENT, 0, broken, 0, CUT);
        Files.write(file("upload.bin"), broken);

        client.setRestartOffset(CUT);
        ok(client, client.storeFile("upload.bin", new ByteArrayInputStream(CONTENT, CUT, CONTENT.length - CUT)));

        assertArrayEquals(CONTENT, Files.readAllBytes(file("upload.bin")));
    }

    @Test
    void appeAppendsTheRestOfAFile() throws IOException {
        store(client, "upload.bin", Arrays.copyOf(CONTENT, CUT));

        ok(client, client.appendFile("upload.bin", new ByteArrayInputStream(CONTENT, CUT, CONTENT.length - CUT)));

        assertArrayEquals(CONTENT, Files.readAllBytes(file("upload.bin")));
    }

    @Test
    void restBeyondTheEndOfTheFileIsRefused() throws IOException {
        Files.write(file("data.bin"), CONTENT);

        client.setRestartOffset(CONTENT.length + 1);
        assertFalse(client.retrieveFile("data.bin", new ByteArrayOutputStream()));
        assertEquals(554, client.getReplyCode(), client.getReplyString());
        client.setRestartOffset(CONTENT.length + 1); // Commons Net forgets the offset after each transfer
        assertFalse(client.storeFile("data.bin", new ByteArrayInputStream(new byte[10])));
        assertEquals(554, client.getReplyCode(), client.getReplyString());

        assertArrayEquals(CONTENT, Files.readAllBytes(file("data.bin")), "a refused STOR leaves the file alone");
        assertArrayEquals(CONTENT, retrieve(client, "data.bin"), "the refused marker is gone");
    }

    @Test
    void restInAsciiModeIsRefused() throws IOException {
        Files.write(file("text.txt"), "line one\nline two\n".getBytes());
        ok(client, client.setFileType(FTP.ASCII_FILE_TYPE));

        client.setRestartOffset(5);
        assertFalse(client.retrieveFile("text.txt", new ByteArrayOutputStream()));
        assertEquals(554, client.getReplyCode(), client.getReplyString());
        client.setRestartOffset(5);
        assertFalse(client.storeFile("text.txt", new ByteArrayInputStream("x\n".getBytes())));
        assertEquals(554, client.getReplyCode(), client.getReplyString());

        assertEquals("line one\nline two\n", Files.readString(file("text.txt")));
        ok(client, client.setFileType(FTP.BINARY_FILE_TYPE));
        assertEquals("line one\nline two\n", new String(retrieve(client, "text.txt")));
    }

    @Test
    void aRestartMarkerAppliesToTheNextTransferOnly() throws IOException {
        Files.write(file("data.bin"), CONTENT);

        assertEquals(350, client.sendCommand("REST", "100"), client.getReplyString());
        byte[] first = retrieve(client, "data.bin");
        byte[] second = retrieve(client, "data.bin");
        assertEquals(350, client.sendCommand("REST", "100"));
        assertEquals(1, client.listNames().length, "a listing takes the marker too");
        byte[] third = retrieve(client, "data.bin");

        assertArrayEquals(Arrays.copyOfRange(CONTENT, 100, CONTENT.length), first);
        assertArrayEquals(CONTENT, second);
        assertArrayEquals(CONTENT, third);
    }

    @Test
    void restNeedsANonNegativeNumber() throws IOException {
        assertEquals(501, client.sendCommand("REST", "abc"), client.getReplyString());
        assertEquals(501, client.sendCommand("REST", "-5"), client.getReplyString());
        assertEquals(501, client.sendCommand("REST"), client.getReplyString());
    }

    private Path file(String name) {
        return fixture.root().resolve(name);
    }
}
