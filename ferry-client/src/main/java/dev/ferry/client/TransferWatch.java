package dev.ferry.client;

import dev.ferry.protocol.Command;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

/**
 * Watches one transfer from its own virtual thread: sends NOOP on the control connection every keepalive
 * interval, so that a NAT device does not drop the idle control connection during a long transfer, and
 * closes the data connection when no byte moved for the data timeout (a blocked write has no timeout of
 * its own).
 */
final class TransferWatch {

    private final ControlConnection control;
    private final Closeable data;
    private final long keepAliveNanos;
    private final long stallNanos;
    private final Thread thread;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean stalled;
    private volatile int noopsSent;

    TransferWatch(ControlConnection control, Closeable data, ClientOptions options) {
        this.control = control;
        this.data = data;
        this.keepAliveNanos = options.keepAlive().toNanos();
        this.stallNanos = options.dataTimeout().toNanos();
        long tickMillis = Math.min(1000, options.dataTimeout().toMillis() / 4);
        if (!options.keepAlive().isZero()) {
            tickMillis = Math.min(tickMillis, options.keepAlive().toMillis());
        }
        Duration tick = Duration.ofMillis(Math.max(10, tickMillis));
        this.thread = Thread.ofVirtual().name("ferry-transfer-watch").start(() -> watch(tick));
    }

    void progressed() {
        lastProgress = System.nanoTime();
    }

    boolean stalled() {
        return stalled;
    }

    /** Stops watching; returns how many NOOPs were sent, whose replies the caller must read. */
    int stop() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return noopsSent;
    }

    private void watch(Duration tick) {
        long lastNoop = System.nanoTime();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(tick);
                long now = System.nanoTime();
                if (now - lastProgress > stallNanos) {
                    stalled = true;
                    DataConnector.closeQuietly(data);
                    return;
                }
                if (keepAliveNanos > 0 && now - lastNoop >= keepAliveNanos) {
                    control.send(new Command("NOOP", ""));
                    noopsSent++;
                    lastNoop = now;
                }
            }
        } catch (InterruptedException e) {
            // stopped: the transfer is over
        } catch (IOException e) {
            // the control connection failed; the transfer's final reply will say so
        }
    }
}
