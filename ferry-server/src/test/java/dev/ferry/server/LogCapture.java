package dev.ferry.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Collects the server's log lines (logger {@code dev.ferry}) while open, at {@code level} and above. */
final class LogCapture extends Handler implements AutoCloseable {

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Logger ferry = Logger.getLogger("dev.ferry");
    private final Level levelBefore;

    LogCapture(Level level) {
        levelBefore = ferry.getLevel();
        ferry.setLevel(level);
        ferry.addHandler(this);
    }

    /** The lines so far. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(formatter.format(record));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        ferry.removeHandler(this);
        ferry.setLevel(levelBefore);
    }
}
