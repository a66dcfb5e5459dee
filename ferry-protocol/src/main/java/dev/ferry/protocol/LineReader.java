package dev.ferry.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads control-connection lines with a bound on their length.
 *
 * <p>A line ends at LF; a CR before it is dropped (RFC 959 asks for CRLF, but lone LF is common). Telnet
 * commands are removed (RFC 959 §4.1.3, RFC 1123 §4.1.2.12): clients send {@code IAC IP IAC DM} before ABOR,
 * and IAC never occurs in UTF-8, so it cannot be part of a name. Lines are decoded as UTF-8 (RFC 2640).
 * Not thread-safe: one reader per connection.
 */
public final class LineReader {

    private static final int IAC = 0xFF;
    private static final int WILL = 0xFB;
    private static final int DONT = 0xFE;
    /** How much of an over-long line is skipped before the peer is taken for a flood. */
    private static final int DISCARD_FACTOR = 64;

    private final InputStream in;
    private final int maxLength;
    /** Small: every idle session holds one, and commands are short; longer lines just take more reads. */
    private final byte[] buffer = new byte[512];
    private final CodingErrorAction onMalformed;
    private int position;
    private int limit;

    public LineReader(InputStream in, int maxLength) {
        this(in, maxLength, CodingErrorAction.REPORT);
    }

    private LineReader(InputStream in, int maxLength, CodingErrorAction onMalformed) {
        this.in = in;
        this.maxLength = maxLength;
        this.onMalformed = onMalformed;
    }

    /** A reader that replaces malformed UTF-8 instead of refusing the line: for text that is only shown. */
    public static LineReader lenient(InputStream in, int maxLength) {
        return new LineReader(in, maxLength, CodingErrorAction.REPLACE);
    }

    /** Thrown when a line is longer than the bound; the whole line has been consumed. */
    public static final class LineTooLongException extends IOException {
        LineTooLongException(int maxLength) {
            super("line longer than " + maxLength + " bytes");
        }
    }

    /** Thrown when a line is not valid UTF-8; the whole line has been consumed. */
    public static final class MalformedLineException extends IOException {
        MalformedLineException(CharacterCodingException cause) {
            super("line is not valid UTF-8", cause);
        }
    }

    /**
     * The next line without its terminator.
     *
     * @throws EOFException when the stream ends before a line ends
     */
    public String readLine() throws IOException {
        byte[] line = new byte[Math.min(maxLength, 256)];
        int length = 0;
        long discarded = 0;
        boolean tooLong = false;
        while (true) {
            int b = next();
            if (b == IAC) {
                int command = next();
                if (command != IAC) {
                    if (command >= WILL && command <= DONT) {
                        next(); // option byte of WILL/WONT/DO/DONT
                    }
                    continue;
                }
                // IAC IAC is a literal 0xFF byte
            }
            if (b == '\n') {
                if (tooLong) {
                    throw new LineTooLongException(maxLength);
                }
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                if (length > maxLength) {
                    throw new LineTooLongException(maxLength);
                }
                return decode(line, length);
            }
            if (tooLong) {
                if (++discarded > (long) maxLength * DISCARD_FACTOR) {
                    throw new IOException("control line flood: no line end after "
                            + discarded + " bytes");
                }
                continue;
            }
            if (length == maxLength + 1) { // one byte of slack for the CR before LF
                tooLong = true;
                continue;
            }
            if (length == line.length) {
                line = java.util.Arrays.copyOf(line, Math.min(line.length * 2, maxLength + 1));
            }
            line[length++] = (byte) b;
        }
    }

    private int next() throws IOException {
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                throw new EOFException("connection closed by peer");
            }
        }
        return buffer[position++] & 0xFF;
    }

    private String decode(byte[] bytes, int length) throws MalformedLineException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(onMalformed)
                .onUnmappableCharacter(onMalformed);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedLineException(e);
        }
    }
}
