package dev.ferry.server.limits;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How much each home with a quota holds, for the quota checks. A home is walked once, when a session of a
 * user with a quota first needs it, and again after {@link #REFRESH}; in between, the server's own uploads,
 * deletes and new folders update the count, which all sessions of that home share. Changes made behind the
 * server's back (a shell, another program) are seen at the next walk: until then the count is approximate.
 */
public final class DiskUsage {

    /** How long a walk is trusted before the home is walked again. */
    static final Duration REFRESH = Duration.ofMinutes(5);

    /** Bytes in regular files, and entries (files, folders, links) under a home, the home itself not counted. */
    public record Usage(long bytes, long files) {
    }

    private final ConcurrentMap<Path, Home> homes = new ConcurrentHashMap<>();

    /** The usage of {@code home}, walked now if never walked or too long ago. */
    public Usage current(Path home) throws IOException {
        return home(home).current();
    }

    /** Counts a change the server made under {@code home} (negative for a delete). */
    public void changed(Path home, long bytes, long files) {
        Home h = homes.get(home);
        if (h != null) {
            h.add(bytes, files);
        }
    }

    Home home(Path home) {
        return homes.computeIfAbsent(home, Home::new);
    }

    /** One home's count; the lock makes concurrent sessions wait for one walk instead of each walking. */
    static final class Home {
        private final Path root;
        private final ReentrantLock lock = new ReentrantLock();
        private long bytes;
        private long files;
        private long walkedNanos;
        private boolean walked;

        Home(Path root) {
            this.root = root;
        }

        Usage current() throws IOException {
            lock.lock();
            try {
                if (!walked || System.nanoTime() - walkedNanos > REFRESH.toNanos()) {
                    walk();
                }
                return new Usage(bytes, files);
            } finally {
                lock.unlock();
            }
        }

        /** The count as it stands, without walking: for the checks inside a running upload. */
        Usage cached() throws IOException {
            lock.lock();
            try {
                return walked ? new Usage(bytes, files) : current();
            } finally {
                lock.unlock();
            }
        }

        void add(long moreBytes, long moreFiles) {
            lock.lock();
            try {
                bytes = Math.max(0, bytes + moreBytes);
                files = Math.max(0, files + moreFiles);
            } finally {
                lock.unlock();
            }
        }

        private void walk() throws IOException {
            long[] count = {0, 0};
            // Links are not followed (the default): what they point to is not in this home.
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root)) {
                        count[1]++;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    count[1]++;
                    if (attrs.isRegularFile()) {
                        count[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // unreadable: not counted, as it cannot be served either
                }
            });
            bytes = count[0];
            files = count[1];
            walked = true;
            walkedNanos = System.nanoTime();
        }
    }
}
