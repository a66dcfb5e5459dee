package dev.ferry.server.limits;

import java.util.List;

/**
 * The bandwidth limits one transfer obeys: the server's shared bucket and the user's, each at its rate. Every
 * chunk is taken from all of them and the transfer waits for the slowest, so it goes at the smaller rate.
 */
public final class Throttle {

    /** No limit: transfers keep their fastest path (sendfile with large counts). */
    public static final Throttle NONE = new Throttle(List.of());

    private record Limit(TokenBucket bucket, long rate) {
    }

    private final List<Limit> limits;

    private Throttle(List<Limit> limits) {
        this.limits = limits;
    }

    static Throttle of(TokenBucket global, long globalRate, TokenBucket user, long userRate) {
        var list = new java.util.ArrayList<Limit>(2);
        if (globalRate > 0) {
            list.add(new Limit(global, globalRate));
        }
        if (userRate > 0) {
            list.add(new Limit(user, userRate));
        }
        return list.isEmpty() ? NONE : new Throttle(List.copyOf(list));
    }

    public boolean limited() {
        return !limits.isEmpty();
    }

    /** The smallest rate in bytes/s; 0 when unlimited. */
    public long rate() {
        return limits.stream().mapToLong(Limit::rate).min().orElse(0);
    }

    /** How many bytes to move at once: sized to the rate, so the pace is smooth. */
    public int chunk() {
        return limited() ? TokenBucket.chunk(rate()) : Integer.MAX_VALUE;
    }

    /** Counts {@code n} bytes moved; returns the nanoseconds to wait before moving more. */
    public long take(long n) {
        long wait = 0;
        for (Limit limit : limits) {
            wait = Math.max(wait, limit.bucket().take(n, limit.rate()));
        }
        return wait;
    }
}
