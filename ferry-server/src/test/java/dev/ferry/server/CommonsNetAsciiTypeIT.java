package dev.ferry.server;

import static dev.ferry.server.CommonsNetFixture.ok;
import static dev.ferry.server.CommonsNetFixture.retrieve;
import static dev.ferry.server.CommonsNetFixture.store;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TYPE A converts line ends (RFC 959 §3.1.1.1): CRLF on the wire, LF on disk. To see the wire itself, most
 * tests switch only the server to TYPE A and keep Commons Net in binary, so the client converts nothing.
 */
@Timeout(60)
class CommonsNetAsciiTypeIT {

    /** The server reads files for an ASCII download in chunks of this size; line ends across it must survive. */
    private static final int SERVER_READ_CHUNK = 128 * 1024;

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
    void asciiUploadFromCommonsNetIsStoredWithLfLineEnds() throws IOException {
        ok(client, client.setFileType(FTP.ASCII_FILE_TYPE));

        store(client, "text.txt", ascii("a\nb\r\nc\n"));

        assertEquals("a\nb\nc\n", Files.readString(file("text.txt")));
    }

    @Test
    void asciiUploadTurnsCrLfIntoLfAndKeepsLoneCrAndLf() throws IOException {
        serverType("A");

        store(client, "text.txt", ascii("a\nb\r\nc\n"));
        store(client, "mixed.txt", ascii("one\r\ntwo\rthree\n\r\n\r"));

        assertEquals("a\nb\nc\n", Files.readString(file("text.txt")));
        assertEquals("one\ntwo\rthree\n\n\r", Files.readString(file("mixed.txt")), "a CR not before LF is data");
    }

    @Test
    void largeAsciiUploadConvertsEveryLineEnd() throws IOException {
        serverType("A");
        String lines = manyLines();

        store(client, "big.txt", ascii(lines.replace("\n", "\r\n")));

        assertSameText(lines, Files.readString(file("big.txt")));
    }

    @Test
    void asciiDownloadSendsCrLfLineEnds() throws IOException {
        Files.writeString(file("unix.txt"), "a\nb\nc\n");
        Files.writeString(file("dos.txt"), "x\r\ny\n");
        serverType("A");

        assertEquals("a\r\nb\r\nc\r\n", new String(retrieve(client, "unix.txt"), StandardCharsets.US_ASCII));
        assertEquals("x\r\ny\r\n", new String(retrieve(client, "dos.txt"), StandardCharsets.US_ASCII),
                "a CRLF already in the file is not doubled");
    }

    @Test
    void asciiDownloadKeepsACrLfThatStraddlesTheServersReadChunk() throws IOException {
        String content = "x".repeat(SERVER_READ_CHUNK - 1) + "\r\n" + "y\n" + "z".repeat(SERVER_READ_CHUNK - 1) + "\n";
        Files.writeString(file("edge.txt"), content);
        serverType("A");

        String wire = new String(retrieve(client, "edge.txt"), StandardCharsets.US_ASCII);

        assertSameText("x".repeat(SERVER_READ_CHUNK - 1) + "\r\n" + "y\r\n" + "z".repeat(SERVER_READ_CHUNK - 1) + "\r\n", wire);
    }

    @Test
    void largeAsciiDownloadConvertsEveryLineEnd() throws IOException {
        String lines = manyLines();
        Files.writeString(file("big.txt"), lines);
        serverType("A");

        assertSameText(lines.replace("\n", "\r\n"), new String(retrieve(client, "big.txt"), StandardCharsets.US_ASCII));
    }

    @Test
    void asciiRoundTripThroughCommonsNetGivesBackTheLocalText() throws IOException {
        Files.writeString(file("unix.txt"), "a\nb\nc\n");
        ok(client, client.setFileType(FTP.ASCII_FILE_TYPE));

        String received = new String(retrieve(client, "unix.txt"), StandardCharsets.US_ASCII);

        assertEquals("a\nb\nc\n".replace("\n", System.lineSeparator()), received);
    }

    @Test
    void sizeInTypeACountsTheCarriageReturnsTheTransferWillAdd() throws IOException {
        Files.writeString(file("unix.txt"), "a\nb\nc\n");
        Files.writeString(file("dos.txt"), "x\r\ny\n");

        serverType("A");
        String asciiSize = client.getSize("unix.txt");
        String asciiDosSize = client.getSize("dos.txt");
        int asciiBytes = retrieve(client, "unix.txt").length;
        int asciiDosBytes = retrieve(client, "dos.txt").length;
        serverType("I");
        String binarySize = client.getSize("unix.txt");

        assertEquals("9", asciiSize);
        assertEquals(Integer.toString(asciiBytes), asciiSize, "SIZE is what RETR sends (RFC 3659 §4)");
        assertEquals("6", asciiDosSize, "only the bare LF gains a CR");
        assertEquals(Integer.toString(asciiDosBytes), asciiDosSize);
        assertEquals("6", binarySize);
    }

    @Test
    void binaryModeLeavesLineEndsUntouched() throws IOException {
        byte[] content = ascii("a\nb\r\nc\n\r\r\n\n");

        store(client, "raw.bin", content);

        assertArrayEquals(content, Files.readAllBytes(file("raw.bin")));
        assertArrayEquals(content, retrieve(client, "raw.bin"));
        assertEquals(Integer.toString(content.length), client.getSize("raw.bin"));
    }

    /** Sets the server's TYPE only; Commons Net stays in binary and passes the bytes as they are. */
    private void serverType(String type) throws IOException {
        assertEquals(200, client.sendCommand("TYPE", type), client.getReplyString());
    }

    private Path file(String name) {
        return fixture.root().resolve(name);
    }

    /** About 1 MB of LF-terminated lines of varying length, so line ends fall on every buffer offset. */
    private static String manyLines() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 1 << 20; i++) {
            text.append("line ").append(i).append(" ").append("-".repeat(i % 97)).append('\n');
        }
        return text.toString();
    }

    /** Like assertEquals, but a failure shows where the texts part, with CR and LF made visible. */
    private static void assertSameText(String expected, String actual) {
        int at = 0;
        while (at < Math.min(expected.length(), actual.length()) && expected.charAt(at) == actual.charAt(at)) {
            at++;
        }
        if (at < expected.length() || at < actual.length()) {
            fail("texts differ at offset " + at + " (lengths " + expected.length() + " and " + actual.length()
                    + "): expected ..." + visible(expected, at) + "... but was ..." + visible(actual, at) + "...");
        }
    }

    private static String visible(String text, int at) {
        return text.substring(Math.max(0, at - 10), Math.min(text.length(), at + 10))
                .replace("\r", "\\r").replace("\n", "\\n");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
