package dev.ferry.cli.client.shell;

import java.util.regex.Pattern;

/**
 * A file-name pattern for mget and mput, as in sh: {@code *} any run of characters, {@code ?} one character,
 * {@code [abc]}, {@code [a-z]} and {@code [!abc]} one of (or none of) a set. It matches one path element, so
 * it never crosses a '/'; a leading dot must be matched literally, as in sh, so {@code *} skips hidden files.
 */
record ShellGlob(String text, Pattern regex) {

    static ShellGlob of(String text) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '*' -> regex.append("[^/]*");
                case '?' -> regex.append("[^/]");
                case '[' -> {
                    int close = text.indexOf(']', i + 2);
                    if (close < 0) {
                        regex.append("\\[");
                    } else {
                        String set = text.substring(i + 1, close);
                        boolean negated = set.startsWith("!");
                        regex.append(negated ? "[^" : "[")
                                .append(set.substring(negated ? 1 : 0).replace("\\", "\\\\").replace("[", "\\[")
                                        .replace("&", "\\&"))
                                .append(']');
                        i = close;
                    }
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new ShellGlob(text, Pattern.compile(regex.toString()));
    }

    /** Whether {@code text} holds any pattern character; a name without one is taken literally. */
    static boolean isPattern(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0;
    }

    boolean matches(String name) {
        if (name.startsWith(".") && !text.startsWith(".")) {
            return false;
        }
        return regex.matcher(name).matches();
    }
}
