package dev.ferry.client;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which data method last worked for each server, for the life of the process, so that AUTO does not retry a
 * blocked passive mode on every transfer (and every session of a parallel mirror).
 */
final class DataMethodMemory {

    private static final Map<String, DataMethod> WORKED = new ConcurrentHashMap<>();

    private DataMethodMemory() {
    }

    static Optional<DataMethod> lastWorked(String server) {
        return Optional.ofNullable(WORKED.get(server));
    }

    static void worked(String server, DataMethod method) {
        WORKED.put(server, method);
    }

    /** For tests that need a clean slate. */
    static void forget(String server) {
        WORKED.remove(server);
    }
}
