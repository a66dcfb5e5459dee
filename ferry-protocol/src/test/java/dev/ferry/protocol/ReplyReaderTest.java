package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplyReaderTest {

    private static ReplyReader reader(String wire) {
        return new ReplyReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)), 1024);
    }

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                Arguments.of("220 Ferry ready\r\n", 220, List.of("Ferry ready")),
                Arguments.of("200\r\n", 200, List.of("")),
                Arguments.of("226 done\n", 226, List.of("done")),
                Arguments.of("211-Features:\r\n MDTM\r\n SIZE\r\n211 End\r\n", 211,
                        List.of("Features:", " MDTM", " SIZE", "End")),
                // a middle line that starts with a code is not the end unless it is the same code and a space
                Arguments.of("214-Help\r\n200 is not the end\r\n214-nor this\r\n214 end\r\n", 214,
                        List.of("Help", "200 is not the end", "214-nor this", "end")),
                Arguments.of("211-x\r\n211\r\n", 211, List.of("x", "")));
    }

    @ParameterizedTest
    @MethodSource("wellFormed")
    void readsReplies(String wire, int code, List<String> lines) throws IOException {
        Reply reply = reader(wire).read();
        assertEquals(code, reply.code());
        assertEquals(lines, reply.lines());
    }

    @Test
    void roundTripsWhatTheServerWrites() throws IOException {
        Reply sent = new Reply(211, List.of("Status", "150 looks like a code", "End"));
        Reply read = reader(sent.toWire()).read();
        assertEquals(List.of("Status", " 150 looks like a code", "End"), read.lines());
    }

    @Test
    void readsConsecutiveReplies() throws IOException {
        ReplyReader reader = reader("150 opening\r\n226 done\r\n");
        assertEquals(150, reader.read().code());
        assertEquals(226, reader.read().code());
        assertThrows(EOFException.class, reader::read);
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void refusesLinesThatAreNotReplies(String wire) {
        assertThrows(ReplyReader.MalformedReplyException.class, () -> reader(wire).read());
    }

    static Stream<String> malformed() {
        return Stream.of("hello\r\n", "22 short\r\n", "220x\r\n", "620 out of range\r\n", "099 low\r\n", "\r\n");
    }

    @Test
    void replacesMalformedUtf8InsteadOfFailing() throws IOException {
        byte[] latin1 = "550 Datei f\u00fcr\r\n".getBytes(StandardCharsets.ISO_8859_1);
        Reply reply = new ReplyReader(new ByteArrayInputStream(latin1), 1024).read();
        assertEquals(550, reply.code());
        assertEquals("Datei f\uFFFDr", reply.text());
    }

    @Test
    void aTruncatedMultiLineReplyIsAnEndOfStream() {
        assertThrows(EOFException.class, () -> reader("211-Features:\r\n SIZE\r\n").read());
    }
}
