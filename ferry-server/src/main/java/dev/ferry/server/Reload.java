package dev.ferry.server;

import dev.ferry.server.config.ConfigException;
import dev.ferry.server.config.ConfigKeys;
import dev.ferry.server.config.ServerConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The plan of one reload: which keys changed, and the config to run from now on, in which the keys that
 * only a restart can change keep their running value.
 */
record Reload(ServerConfig effective, List<String> applied, List<String> needsRestart) {

    /**
     * Bound to the listeners (bind, port, implicit-port), to what logged-in users and the generated user
     * were given (root), to what running sessions rely on being there (tls: on or off) or to an open file
     * (transfer-log).
     */
    static final Set<String> NEEDS_RESTART = Set.of("bind", "port", "implicit-port", "root", "tls", "transfer-log");

    static Reload plan(ServerConfig running, ServerConfig next) throws ConfigException {
        List<String> applied = new ArrayList<>();
        List<String> needsRestart = new ArrayList<>();
        for (ConfigKeys.Key key : ConfigKeys.ALL) {
            if (differs(key, running, next)) {
                // Without a users file, the users are the generated 'ferry' user, whose password only a start prints.
                boolean usersDropped = key.name().equals("users") && next.usersFile().isEmpty();
                (NEEDS_RESTART.contains(key.name()) || usersDropped ? needsRestart : applied).add(key.name());
            }
        }
        if (needsRestart.isEmpty()) {
            return new Reload(next, applied, needsRestart);
        }
        ServerConfig effective = next.toBuilder()
                .bindAddress(running.bindAddress())
                .port(running.port())
                .implicitPort(running.implicitPort().orElse(null))
                .root(running.root())
                .tls(running.tls())
                .transferLog(running.transferLog().orElse(null))
                .usersFile(next.usersFile().or(running::usersFile).orElse(null))
                .build();
        return new Reload(effective, applied, needsRestart);
    }

    private static boolean differs(ConfigKeys.Key key, ServerConfig a, ServerConfig b) {
        if (key.name().equals("tls-password")) {
            return !a.tlsPassword().equals(b.tlsPassword()); // printed masked
        }
        return !key.printer().apply(a).equals(key.printer().apply(b));
    }

    /** Whether any of {@code keys} changed and is applied. */
    boolean changed(String... keys) {
        return Arrays.stream(keys).anyMatch(applied::contains);
    }

    ReloadReport report() {
        return new ReloadReport(applied, needsRestart);
    }
}
