package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The control connection's first contact with untrusted bytes: {@link LineReader} then {@link Command#parse}.
 * Every outcome of reading is compared with a model written apart from the reader (strip Telnet commands,
 * split at LF, drop one CR, apply the cap), so a line can neither exceed the cap nor differ from what was
 * sent; the only exceptions allowed are the documented IOExceptions, and any other one fails the fuzz test.
 * Inputs: {@code LineReaderFuzzTestInputs/} beside this class in the test resources.
 */
class LineReaderFuzzTest {

    /** What one {@code readLine} did. */
    private sealed interface Outcome {
    }

    private record Line(String text) implements Outcome {
    }

    private enum Failure implements Outcome { TOO_LONG, MALFORMED, FLOOD, END }

    private static final int IAC = 0xFF;

    @FuzzTest
    void readsExactlyTheLinesSentWithinTheCap(FuzzedDataProvider data) {
        int maxLength = data.consumeInt(1, 300);
        byte[] bytes = data.consumeRemainingAsBytes();

        List<Outcome> actual = read(bytes, maxLength);
        assertEquals(model(bytes, maxLength), actual);

        for (Outcome outcome : actual) {
            if (outcome instanceof Line(String text)) {
                assertTrue(text.getBytes(StandardCharsets.UTF_8).length <= maxLength, "line over the cap");
                assertFalse(text.contains("\n"), "LF inside a line");
                checkCommand(text);
            }
        }
    }

    /**
     * The verb never holds a lower-case ASCII letter, and a verb of letters only (the only kind a command
     * table can know) came from ASCII letters only; the argument is the rest of the line, unchanged.
     */
    private static void checkCommand(String line) {
        Command command = Command.parse(line);
        int space = line.indexOf(' ');
        String word = space < 0 ? line : line.substring(0, space);
        assertFalse(command.verb().contains(" "));
        assertFalse(command.verb().chars().anyMatch(c -> c >= 'a' && c <= 'z'), "lower case in " + command.verb());
        assertEquals(word.length(), command.verb().length());
        if (command.verb().matches("[A-Z]*")) {
            assertTrue(word.matches("[A-Za-z]*"), () -> "non-ASCII '" + word + "' became verb " + command.verb());
        }
        assertEquals(space < 0 ? "" : line.substring(space + 1), command.argument());
        if (!line.contains("\r")) {
            String wire = command.toWire();
            assertEquals(command, Command.parse(wire.substring(0, wire.length() - 2)), "wire form re-parses");
        }
    }

    private static List<Outcome> read(byte[] bytes, int maxLength) {
        LineReader reader = new LineReader(new ByteArrayInputStream(bytes), maxLength);
        List<Outcome> outcomes = new ArrayList<>();
        while (true) {
            try {
                outcomes.add(new Line(reader.readLine()));
            } catch (LineReader.LineTooLongException e) {
                outcomes.add(Failure.TOO_LONG);
            } catch (LineReader.MalformedLineException e) {
                outcomes.add(Failure.MALFORMED);
            } catch (EOFException e) {
                outcomes.add(Failure.END);
                return outcomes;
            } catch (IOException e) {
                // the flood guard; the session ends here, so reading stops too
                assertTrue(e.getMessage().startsWith("control line flood"), e.getMessage());
                outcomes.add(Failure.FLOOD);
                return outcomes;
            }
        }
    }

    /** The same reading, done in two passes: drop Telnet commands (RFC 854), then cut lines. */
    private static List<Outcome> model(byte[] bytes, int maxLength) {
        ByteArrayOutputStream clean = new ByteArrayOutputStream();
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            if (b != IAC) {
                clean.write(b);
            } else if (i + 1 < bytes.length && (bytes[i + 1] & 0xFF) == IAC) {
                clean.write(IAC); // IAC IAC: the data byte 255
                i++;
            } else if (i + 1 < bytes.length && (bytes[i + 1] & 0xFF) >= 0xFB && (bytes[i + 1] & 0xFF) <= 0xFE) {
                i += 2; // WILL, WONT, DO, DONT and their option
            } else {
                i++; // a two-byte command
            }
        }
        byte[] stream = clean.toByteArray();
        List<Outcome> outcomes = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = start;
            while (end < stream.length && stream[end] != '\n') {
                end++;
            }
            int length = end - start;
            // the reader keeps max+1 bytes (room for a CR), drops the next and counts the rest as discarded
            if ((long) length - maxLength - 2 > (long) maxLength * 64) {
                outcomes.add(Failure.FLOOD);
                return outcomes;
            }
            if (end == stream.length) {
                outcomes.add(Failure.END);
                return outcomes;
            }
            int kept = length > 0 && stream[end - 1] == '\r' ? length - 1 : length;
            if (length > maxLength + 1 || kept > maxLength) {
                outcomes.add(Failure.TOO_LONG);
            } else {
                try {
                    outcomes.add(new Line(StandardCharsets.UTF_8.newDecoder()
                            .decode(ByteBuffer.wrap(stream, start, kept)).toString()));
                } catch (CharacterCodingException e) {
                    outcomes.add(Failure.MALFORMED);
                }
            }
            start = end + 1;
        }
    }
}
