package dev.ferry.server.limits;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A token bucket of bytes, shared by the transfers it limits. The rate is given at each use, so a changed
 * config takes effect at the next chunk. Taking more than is there leaves a debt that the caller waits off:
 * the rate holds on average however the takers interleave, and a burst is at most one chunk.
 */
final class TokenBucket {

    private final ReentrantLock lock = new ReentrantLock();
    private double tokens = Double.NaN; // full at the first use
    private long refilledNanos = System.nanoTime();

    /** Bytes moved per step at {@code rate}: about a tenth of a second's worth, within 1K-256K. */
    static int chunk(long rate) {
        return (int) Math.clamp(rate / 10, 1024, 256 << 10);
    }

    /** Takes {@code n} bytes at {@code rate} bytes/s; returns how many nanoseconds the caller must wait. */
    long take(long n, long rate) {
        lock.lock();
        try {
            long now = System.nanoTime();
            double capacity = chunk(rate);
            tokens = Double.isNaN(tokens) ? capacity
                    : Math.min(capacity, tokens + (now - refilledNanos) * (double) rate / 1e9);
            refilledNanos = now;
            tokens -= n;
            return tokens >= 0 ? 0 : (long) (-tokens * 1e9 / rate);
        } finally {
            lock.unlock();
        }
    }
}
