package dev.ferry.cli.client.shell;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/** Where the shell keeps its history, and what it keeps out of it. */
final class ShellHistory {

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(ftp(?:e?s)?://[^\\s/@:]*):[^\\s/@]*@");
    private static final Pattern PASS_COMMAND = Pattern.compile("(?i)^(\\s*(?:quote|raw)\\s+pass)\\s.*$");

    private ShellHistory() {
    }

    /** {@code $XDG_STATE_HOME/ferry/history} when that variable is set (XDG Base Directory spec), else ~/.ferry_history. */
    static Path defaultFile(Map<String, String> environment, Path home) {
        String state = environment.getOrDefault("XDG_STATE_HOME", "");
        return state.isBlank() || !Path.of(state).isAbsolute() ? home.resolve(".ferry_history")
                : Path.of(state, "ferry", "history");
    }

    /** The line as history keeps it: without a password in an ftp:// URL or after {@code quote PASS}. */
    static String redact(String line) {
        String withoutUrlPassword = URL_PASSWORD.matcher(line).replaceAll("$1@");
        return PASS_COMMAND.matcher(withoutUrlPassword).replaceAll("$1 ****");
    }
}
