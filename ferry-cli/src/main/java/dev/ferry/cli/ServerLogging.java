package dev.ferry.cli;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One readable line per event on standard error: time, level, session, message. */
final class ServerLogging {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private ServerLogging() {
    }

    static void configure(String level) {
        Level julLevel = switch (level.toLowerCase(Locale.ROOT)) {
            case "debug" -> Level.FINE;
            case "warning", "warn" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            default -> Level.INFO;
        };
        Logger root = Logger.getLogger("");
        for (var handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(julLevel);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String level = switch (r.getLevel().getName()) {
                    case "FINE", "FINER", "FINEST" -> "DEBUG";
                    case "SEVERE" -> "ERROR";
                    default -> r.getLevel().getName();
                };
                String line = TIME.format(LocalDateTime.now()) + " " + level + " " + formatMessage(r) + "\n";
                if (r.getThrown() != null) {
                    var trace = new java.io.StringWriter();
                    r.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                    line += trace;
                }
                return line;
            }
        });
        root.addHandler(handler);
        root.setLevel(julLevel);
        Logger.getLogger("dev.ferry").setLevel(julLevel);
    }
}
