package dev.ferry.server;

import java.util.List;

/**
 * What {@link FtpServer#reload} did, by config key: the changed keys it applied, and the changed keys that
 * only a restart can apply (the listeners, the root, the TLS mode, the transfer log), which keep their
 * running value.
 */
public record ReloadReport(List<String> applied, List<String> needsRestart) {

    public ReloadReport {
        applied = List.copyOf(applied);
        needsRestart = List.copyOf(needsRestart);
    }

    public boolean changedNothing() {
        return applied.isEmpty() && needsRestart.isEmpty();
    }

    /** One line for the log: {@code applied banner, max-sessions; needs a restart: port}. */
    public String describe() {
        if (changedNothing()) {
            return "nothing changed";
        }
        String text = applied.isEmpty() ? "nothing applied" : "applied " + String.join(", ", applied);
        return needsRestart.isEmpty() ? text
                : text + "; needs a restart (running value kept): " + String.join(", ", needsRestart);
    }
}
