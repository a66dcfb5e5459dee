package dev.ferry.cli.client.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shell line into words as a POSIX shell does, without expansions: blanks separate words; a
 * backslash keeps the next character; single quotes keep everything up to the next single quote; in double
 * quotes a backslash keeps only {@code "} and {@code \}. So {@code get "my file.txt"}, {@code get my\ file.txt}
 * and {@code get 'my file.txt'} name the same file.
 */
final class ShellWords {

    private ShellWords() {
    }

    /**
     * A line split up to the cursor, for completion: the words before the cursor's word, that word so far
     * (unquoted), where it starts in the line, and the quote it is open in (0 when none).
     */
    record Partial(List<String> before, String word, int rawStart, char openQuote) {
    }

    /** The words of a complete line; an unclosed quote or a trailing backslash is an error. */
    static List<String> split(String line) {
        Scanner scanner = new Scanner(line, line.length());
        if (scanner.quote != 0) {
            throw new IllegalArgumentException("unclosed " + (scanner.quote == '\'' ? "single" : "double")
                    + " quote");
        }
        if (scanner.pendingBackslash) {
            throw new IllegalArgumentException("a backslash at the end of the line escapes nothing");
        }
        if (scanner.inWord) {
            scanner.words.add(scanner.word.toString());
        }
        return scanner.words;
    }

    /** The line up to {@code cursor}, as completion sees it: the last word may be open in a quote. */
    static Partial splitForCompletion(String line, int cursor) {
        Scanner scanner = new Scanner(line, cursor);
        String word = scanner.inWord ? scanner.word.toString() : "";
        return new Partial(List.copyOf(scanner.words), word, scanner.inWord ? scanner.wordStart : cursor,
                scanner.quote);
    }

    /**
     * How a completed word is written back into the line so that {@link #split} reads it as {@code value}:
     * inside the quote it was opened with (closed again when {@code complete}), else with backslashes.
     */
    static String quote(String value, char openQuote, boolean complete) {
        StringBuilder out = new StringBuilder();
        switch (openQuote) {
            case '\'' -> {
                out.append('\'').append(value.replace("'", "'\\''"));
                if (complete) {
                    out.append('\'');
                }
            }
            case '"' -> {
                out.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\""));
                if (complete) {
                    out.append('"');
                }
            }
            default -> {
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if (needsBackslash(c)) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
        return out.toString();
    }

    private static boolean needsBackslash(char c) {
        return Character.isWhitespace(c) || c == '\\' || c == '\'' || c == '"';
    }

    /** One left-to-right pass over the line up to an end; what it leaves in its fields is the result. */
    private static final class Scanner {
        final List<String> words = new ArrayList<>();
        final StringBuilder word = new StringBuilder();
        boolean inWord;
        int wordStart;
        char quote;
        boolean pendingBackslash;

        Scanner(String line, int end) {
            for (int i = 0; i < end; i++) {
                char c = line.charAt(i);
                if (pendingBackslash) {
                    pendingBackslash = false;
                    if (quote == '"' && c != '"' && c != '\\') {
                        word.append('\\'); // in double quotes, a backslash before anything else is itself
                    }
                    word.append(c);
                } else if (quote == '\'') {
                    if (c == '\'') {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                } else if (quote == '"') {
                    if (c == '"') {
                        quote = 0;
                    } else if (c == '\\') {
                        pendingBackslash = true;
                    } else {
                        word.append(c);
                    }
                } else if (Character.isWhitespace(c)) {
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                } else {
                    if (!inWord) {
                        inWord = true;
                        wordStart = i;
                    }
                    if (c == '\\') {
                        pendingBackslash = true;
                    } else if (c == '\'' || c == '"') {
                        quote = c;
                    } else {
                        word.append(c);
                    }
                }
            }
        }
    }
}
