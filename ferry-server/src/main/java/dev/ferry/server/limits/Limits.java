package dev.ferry.server.limits;

/**
 * The state behind the resource limits that all sessions of one server share: the bandwidth buckets and the
 * disk usage of homes with a quota. The limits themselves are read from the config and the user at each use,
 * so a reloaded config applies from the next transfer on while the buckets and counts carry over.
 */
public record Limits(Bandwidth bandwidth, DiskUsage diskUsage) {

    public Limits() {
        this(new Bandwidth(), new DiskUsage());
    }
}
