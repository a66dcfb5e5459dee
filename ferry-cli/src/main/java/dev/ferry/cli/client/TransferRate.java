package dev.ferry.cli.client;

import java.util.ArrayDeque;

/**
 * Bytes per second over the last few seconds: recent enough to follow a transfer that speeds up or slows
 * down, long enough that the ETA does not jump with every block. Fed by the caller's clock, so tests can
 * drive it.
 */
final class TransferRate {

    static final long WINDOW_NANOS = 5_000_000_000L;

    private record Sample(long nanos, long bytes) {
    }

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    void add(long nanos, long bytes) {
        samples.addLast(new Sample(nanos, bytes));
        // keep one sample at least a window old as the baseline; the callers sample ten times a second at
        // most, so this holds a few dozen
        while (samples.size() > 2 && nanos - second().nanos() >= WINDOW_NANOS) {
            samples.removeFirst();
        }
    }

    private Sample second() {
        var it = samples.iterator();
        it.next();
        return it.next();
    }

    /** Bytes per second, or -1 before two samples some time apart. */
    double bytesPerSecond() {
        if (samples.size() < 2) {
            return -1;
        }
        Sample first = samples.getFirst();
        Sample last = samples.getLast();
        long nanos = last.nanos() - first.nanos();
        if (nanos <= 0) {
            return -1;
        }
        return (last.bytes() - first.bytes()) * 1e9 / nanos;
    }
}
