package dev.ferry.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;

/**
 * {@code ferry serve --watch-config}: reloads when the config file changes, for where sending SIGHUP is
 * awkward (Windows, some container setups). It polls, which works on every file system, and reloads only
 * once the file has stayed the same for one more poll, so an editor's half-written save is not read.
 */
final class ConfigWatcher {

    static final Duration POLL = Duration.ofSeconds(1);

    private record Stamp(long modifiedMillis, long size) {
        static Stamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(a.lastModifiedTime().toMillis(), a.size());
            } catch (IOException e) {
                return null; // missing for now (an editor replacing it): wait for it to come back
            }
        }
    }

    private ConfigWatcher() {
    }

    /** Starts watching {@code file} on a daemon thread; {@code reload} runs after each settled change. */
    static void start(Path file, Runnable reload) {
        Thread.ofVirtual().name("ferry-config-watcher").start(() -> {
            Stamp applied = Stamp.of(file);
            Stamp previous = applied;
            try {
                while (true) {
                    Thread.sleep(POLL);
                    Stamp now = Stamp.of(file);
                    if (now != null && now.equals(previous) && !now.equals(applied)) {
                        applied = now;
                        reload.run();
                    }
                    previous = now;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
