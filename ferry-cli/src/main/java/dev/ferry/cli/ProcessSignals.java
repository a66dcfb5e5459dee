package dev.ferry.cli;

import java.lang.System.Logger.Level;

/**
 * The POSIX signals {@code ferry serve} answers: TERM and INT stop it gracefully, HUP reloads its config
 * (as vsftpd, ProFTPD and nginx do; systemd's {@code ExecReload=kill -HUP $MAINPID}).
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported, which every JDK runtime has) is the only way a Java
 * program can handle SIGHUP at all, and handling SIGTERM here rather than in a shutdown hook lets the
 * process exit 0 after a graceful stop, where the JVM's own handling exits 143, and keeps the logging
 * alive while the sessions drain (the JDK's logging resets itself in a shutdown hook of its own).
 */
final class ProcessSignals {

    private static final System.Logger LOG = System.getLogger(ProcessSignals.class.getName());

    private ProcessSignals() {
    }

    /**
     * Runs {@code action} on the JVM's signal thread whenever {@code name} (TERM, INT, HUP) arrives.
     * Returns false where the platform or the JVM's options (-Xrs) do not allow it, and for a signal the
     * process was started with ignored (nohup ignores HUP): the JVM then leaves it ignored and says so only
     * by returning SIG_IGN as the previous handler.
     */
    static boolean on(String name, Runnable action) {
        try {
            sun.misc.Signal signal = new sun.misc.Signal(name);
            if (sun.misc.Signal.handle(signal, s -> action.run()) == sun.misc.SignalHandler.SIG_IGN) {
                LOG.log(Level.DEBUG, "SIG" + name + " was ignored when the process started, and stays ignored");
                return false;
            }
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.log(Level.DEBUG, "cannot handle SIG" + name + ": " + e.getMessage());
            return false;
        }
    }
}
