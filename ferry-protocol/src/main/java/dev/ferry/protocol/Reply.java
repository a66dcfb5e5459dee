package dev.ferry.protocol;

import java.util.List;

/**
 * One FTP reply: a three-digit code and one or more text lines.
 *
 * <p>On the wire a multi-line reply follows RFC 959 §4.2: {@code 211-first}, then the middle lines, then
 * {@code 211 last}. Middle lines that start with three digits are indented by a space so that no client
 * mistakes them for the end of the reply.
 */
public record Reply(int code, List<String> lines) {

    public Reply {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        lines = List.copyOf(lines.isEmpty() ? List.of("") : lines);
        for (String line : lines) {
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("reply line contains CR or LF");
            }
        }
    }

    public static Reply of(ReplyCode code, String text) {
        return new Reply(code.code(), List.of(text));
    }

    public static Reply of(ReplyCode code, List<String> lines) {
        return new Reply(code.code(), lines);
    }

    public boolean isPreliminary() {
        return code < 200;
    }

    public boolean isPositive() {
        return code < 400;
    }

    /** The text of a one-line reply, or the lines joined with newlines. */
    public String text() {
        return String.join("\n", lines);
    }

    /** The reply as sent on the control connection, CRLF-terminated. */
    public String toWire() {
        StringBuilder out = new StringBuilder();
        if (lines.size() == 1) {
            return out.append(code).append(' ').append(lines.getFirst()).append("\r\n").toString();
        }
        out.append(code).append('-').append(lines.getFirst()).append("\r\n");
        for (String middle : lines.subList(1, lines.size() - 1)) {
            boolean looksLikeEnd = middle.length() >= 3 && Character.isDigit(middle.charAt(0))
                    && Character.isDigit(middle.charAt(1)) && Character.isDigit(middle.charAt(2));
            out.append(looksLikeEnd ? " " : "").append(middle).append("\r\n");
        }
        return out.append(code).append(' ').append(lines.getLast()).append("\r\n").toString();
    }

    @Override
    public String toString() {
        return code + " " + text();
    }
}
