package dev.ferry.server.session;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** The server log as one session writes it: every line carries {@code [s-42 alice@203.0.113.9]}. */
public final class SessionLog {

    private static final Logger LOG = System.getLogger("dev.ferry.server.session");

    private final String id;
    private final String clientAddress;
    private volatile String user = "-";

    SessionLog(String id, String clientAddress) {
        this.id = id;
        this.clientAddress = clientAddress;
    }

    void user(String name) {
        this.user = name;
    }

    public String prefix() {
        return "[" + id + " " + user + "@" + clientAddress + "]";
    }

    public void info(String message) {
        LOG.log(Level.INFO, () -> prefix() + " " + message);
    }

    public void warning(String message) {
        LOG.log(Level.WARNING, () -> prefix() + " " + message);
    }

    public void warning(String message, Throwable cause) {
        LOG.log(Level.WARNING, prefix() + " " + message, cause);
    }

    public void debug(String message) {
        LOG.log(Level.DEBUG, () -> prefix() + " " + message);
    }

    public boolean isDebug() {
        return LOG.isLoggable(Level.DEBUG);
    }
}
