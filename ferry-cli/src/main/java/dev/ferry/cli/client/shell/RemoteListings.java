package dev.ferry.cli.client.shell;

import dev.ferry.client.RemoteFile;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remote directory listings kept for the session, so that pressing Tab again does not list the same directory
 * again. Keyed by absolute path; commands that change a directory forget it, {@code ls} refreshes it.
 * A failed listing is not kept.
 */
final class RemoteListings {

    /** Where listings come from: the server, or a table in tests. */
    @FunctionalInterface
    interface Source {
        List<RemoteFile> list(String absoluteDirectory) throws IOException;
    }

    private final Source source;
    private final Map<String, List<RemoteFile>> cache = new HashMap<>();

    RemoteListings(Source source) {
        this.source = source;
    }

    /** The directory's listing, from the cache when there. */
    List<RemoteFile> get(String absoluteDirectory) throws IOException {
        List<RemoteFile> cached = cache.get(absoluteDirectory);
        return cached != null ? cached : refresh(absoluteDirectory);
    }

    /** Lists the directory anew and keeps the result. */
    List<RemoteFile> refresh(String absoluteDirectory) throws IOException {
        List<RemoteFile> files = List.copyOf(source.list(absoluteDirectory));
        cache.put(absoluteDirectory, files);
        return files;
    }

    void forget(String absoluteDirectory) {
        cache.remove(absoluteDirectory);
    }

    void forgetAll() {
        cache.clear();
    }
}
