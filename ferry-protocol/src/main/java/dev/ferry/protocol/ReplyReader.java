package dev.ferry.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads replies from the control connection, one-line and multi-line (RFC 959 §4.2).
 *
 * <p>A multi-line reply starts with {@code 211-} and ends at the first line that starts with the same code
 * and a space; lines between are kept as they came. Replies are decoded as UTF-8 with malformed bytes
 * replaced, since servers in legacy charsets are common and a reply text is never a file name to act on.
 * Not thread-safe: one reader per connection.
 */
public final class ReplyReader {

    /** A multi-line reply longer than this is taken for a hostile or broken server. */
    private static final int MAX_LINES = 10_000;

    private final LineReader lines;

    public ReplyReader(InputStream in, int maxLineLength) {
        this.lines = LineReader.lenient(in, maxLineLength);
    }

    /** Thrown when a line is not an FTP reply; the connection can no longer be trusted. */
    public static final class MalformedReplyException extends IOException {
        MalformedReplyException(String detail) {
            super("malformed reply from server: " + detail);
        }
    }

    public Reply read() throws IOException {
        String first = lines.readLine();
        int code = codeOf(first);
        if (first.length() == 3 || first.charAt(3) == ' ') {
            return new Reply(code, List.of(first.length() == 3 ? "" : first.substring(4)));
        }
        if (first.charAt(3) != '-') {
            throw new MalformedReplyException(quote(first));
        }
        List<String> text = new ArrayList<>();
        text.add(first.substring(4));
        String end = first.substring(0, 3) + " ";
        while (true) {
            String line = lines.readLine();
            if (line.startsWith(end) || line.equals(end.strip())) {
                text.add(line.length() > 4 ? line.substring(4) : "");
                return new Reply(code, text);
            }
            if (text.size() == MAX_LINES) {
                throw new MalformedReplyException("multi-line reply " + code + " longer than " + MAX_LINES
                        + " lines");
            }
            text.add(line);
        }
    }

    private static int codeOf(String line) throws MalformedReplyException {
        if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                || !Character.isDigit(line.charAt(2)) || line.charAt(0) < '1' || line.charAt(0) > '5') {
            throw new MalformedReplyException(quote(line));
        }
        return Integer.parseInt(line.substring(0, 3));
    }

    private static String quote(String line) {
        return "\"" + (line.length() > 80 ? line.substring(0, 80) + "…" : line) + "\"";
    }
}
