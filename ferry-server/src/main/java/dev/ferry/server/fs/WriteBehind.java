package dev.ferry.server.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes an upload's pages to disk while the upload still arrives, so that the fsync before an atomic
 * upload's rename waits only for the last stretch, not for the whole file: without it a 1 GiB upload spent
 * as long in that fsync as on the network. One virtual thread per upload flushes every {@link #INTERVAL_MS};
 * it never interrupts (an interrupt would close the channel under the upload) and ends with {@link #close}.
 */
public final class WriteBehind implements AutoCloseable {

    private static final long INTERVAL_MS = 100;

    private final Thread flusher;
    private volatile boolean closed;

    private WriteBehind(FileChannel channel) {
        flusher = Thread.ofVirtual().name("ferry-write-behind").start(() -> flush(channel));
    }

    /** Starts flushing {@code channel} in the background until {@link #close}. */
    public static WriteBehind start(FileChannel channel) {
        return new WriteBehind(channel);
    }

    private void flush(FileChannel channel) {
        while (true) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS));
            if (closed) {
                return;
            }
            try {
                channel.force(false); // data only: the final force writes the metadata
            } catch (IOException e) {
                return; // closed, or the disk failed: the final force reports it
            }
        }
    }

    /** Stops flushing; waits for a flush in progress, which the final fsync would wait for anyway. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(flusher);
        boolean interrupted = false;
        while (true) {
            try {
                flusher.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
