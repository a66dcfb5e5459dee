package dev.ferry.cli.client;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the client commands write: standard output (a downloaded file's bytes with {@code ferry get URL -}),
 * standard error (messages, notices, the progress bar), and whether standard error is a terminal, which
 * alone allows the progress bar. Tests pass their own.
 */
public record Streams(PrintStream out, PrintStream err, boolean errIsTerminal) {

    /** The process's own streams. */
    public static Streams system() {
        return new Streams(System.out, System.err, stderrIsTerminal());
    }

    /**
     * Whether file descriptor 2 is a terminal. On Linux, /proc says where it points, exactly. Elsewhere
     * {@link System#console()} is the best Java knows, and it is about standard input and output: a console
     * there, with stderr redirected, still draws the bar into the file; that is the rarer mistake.
     */
    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false; // no carriage return redraws (an editor's shell buffer)
        }
        Path fd = Path.of("/proc/self/fd/2");
        if (Files.isSymbolicLink(fd)) {
            try {
                return isTerminalDevice(Files.readSymbolicLink(fd).toString());
            } catch (IOException e) {
                return false;
            }
        }
        return consoleIsTerminal();
    }

    static boolean isTerminalDevice(String device) {
        return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
    }

    private static boolean consoleIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22 and later may give a console whose streams are redirected; isTerminal() tells
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: a console is only given when both streams are a terminal
        }
    }
}
