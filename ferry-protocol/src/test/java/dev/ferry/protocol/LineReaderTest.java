package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static LineReader reader(byte[] bytes, int max) {
        return new LineReader(new ByteArrayInputStream(bytes), max);
    }

    private static LineReader reader(String text, int max) {
        return reader(text.getBytes(StandardCharsets.UTF_8), max);
    }

    @Test
    void readsCrlfAndBareLfLines() throws IOException {
        LineReader r = reader("USER alice\r\nPASS x\nNOOP\r\n", 100);
        assertEquals("USER alice", r.readLine());
        assertEquals("PASS x", r.readLine());
        assertEquals("NOOP", r.readLine());
        assertThrows(EOFException.class, r::readLine);
    }

    @Test
    void keepsUtf8AndInnerSpaces() throws IOException {
        assertEquals("STOR  Grüße 日本.txt ", reader("STOR  Grüße 日本.txt \r\n", 100).readLine());
    }

    @Test
    void stripsTelnetCommandsBeforeAbor() throws IOException {
        // IAC IP IAC DM ABOR, as RFC 959 §4.1.3 asks clients to send it
        byte[] bytes = {(byte) 255, (byte) 244, (byte) 255, (byte) 242, 'A', 'B', 'O', 'R', '\r', '\n'};
        assertEquals("ABOR", reader(bytes, 100).readLine());
    }

    @Test
    void stripsTelnetOptionNegotiation() throws IOException {
        byte[] bytes = {(byte) 255, (byte) 253, 1, 'N', 'O', 'O', 'P', '\n'};
        assertEquals("NOOP", reader(bytes, 100).readLine());
    }

    @Test
    void rejectsOverlongLineAndStaysInSync() throws IOException {
        LineReader r = reader("X".repeat(50) + "\r\nNOOP\r\n", 10);
        assertThrows(LineReader.LineTooLongException.class, r::readLine);
        assertEquals("NOOP", r.readLine());
    }

    @Test
    void acceptsLineOfExactlyTheLimit() throws IOException {
        assertEquals("X".repeat(10), reader("X".repeat(10) + "\r\n", 10).readLine());
        assertThrows(LineReader.LineTooLongException.class, () -> reader("X".repeat(11) + "\r\n", 10).readLine());
    }

    @Test
    void rejectsInvalidUtf8AndStaysInSync() throws IOException {
        byte[] bytes = {'R', 'E', 'T', 'R', ' ', (byte) 0xC3, (byte) 0x28, '\n', 'N', 'O', 'O', 'P', '\n'};
        LineReader r = reader(bytes, 100);
        assertThrows(LineReader.MalformedLineException.class, r::readLine);
        assertEquals("NOOP", r.readLine());
    }

    @Test
    void endsOnFloodWithoutLineEnd() {
        LineReader r = reader("X".repeat(10 * 64 + 100), 10);
        IOException e = assertThrows(IOException.class, r::readLine);
        assertEquals(IOException.class, e.getClass());
    }

    @Test
    void partialLineAtEndOfStreamIsEof() {
        assertThrows(EOFException.class, () -> reader("NOO", 100).readLine());
    }
}
