package dev.ferry.server.auth;

import java.nio.file.Path;

/**
 * A logged-in identity: its virtual root and what it may do there.
 *
 * @param home the folder that is "/" for this user; nothing outside it is reachable
 * @param limits the user's own bandwidth and quota (the server-wide limits apply as well)
 */
public record User(String name, Path home, boolean canWrite, boolean anonymous, UserLimits limits) {

    public User(String name, Path home, boolean canWrite, boolean anonymous) {
        this(name, home, canWrite, anonymous, UserLimits.NONE);
    }
}
