package dev.ferry.cli.client.shell;

import dev.ferry.cli.client.TracePrinter;
import dev.ferry.client.TraceEvent;
import dev.ferry.client.TraceListener;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * The shell's trace: the whole trace while {@code verbose} is on, only notices while it is off, and nothing
 * at all while Tab completion lists a directory behind the user's back (it would garble the line being typed).
 */
final class VerboseTrace implements TraceListener {

    private final TracePrinter everything;
    private final TracePrinter noticesOnly;
    private volatile boolean verbose;
    private volatile boolean silenced;

    VerboseTrace(PrintStream out, boolean verbose) {
        this.everything = new TracePrinter(out, true, false, "");
        this.noticesOnly = new TracePrinter(out, false, false, "");
        this.verbose = verbose;
    }

    boolean verbose() {
        return verbose;
    }

    void verbose(boolean on) {
        verbose = on;
    }

    /** Runs {@code work} with the trace silenced. */
    <T> T silently(Callable<T> work) throws Exception {
        boolean was = silenced;
        silenced = true;
        try {
            return work.call();
        } finally {
            silenced = was;
        }
    }

    @Override
    public void onEvent(TraceEvent event) {
        if (!silenced) {
            (verbose ? everything : noticesOnly).onEvent(event);
        }
    }
}
