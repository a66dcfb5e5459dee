package dev.ferry.server.auth;

import dev.ferry.server.config.TlsRequirement;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One user as stored: the name, the password hash, the home folder, whether the user may write, and what
 * this user must protect with TLS (empty: the server's {@code tls-required}), and the user's bandwidth and quota.
 */
public record UserEntry(String name, String passwordHash, Path home, boolean canWrite, Optional<TlsRequirement> tls,
                        UserLimits limits) {

    public UserEntry(String name, String passwordHash, Path home, boolean canWrite) {
        this(name, passwordHash, home, canWrite, Optional.empty(), UserLimits.NONE);
    }

    public UserEntry(String name, String passwordHash, Path home, boolean canWrite, Optional<TlsRequirement> tls) {
        this(name, passwordHash, home, canWrite, tls, UserLimits.NONE);
    }

    public UserEntry {
        if (!name.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw new IllegalArgumentException("user name must be 1-64 characters of A-Z a-z 0-9 . _ @ -: '" + name + "'");
        }
        if (name.equalsIgnoreCase("anonymous") || name.equalsIgnoreCase("ftp")) {
            throw new IllegalArgumentException("'" + name + "' is the anonymous login; use --anonymous instead");
        }
        if (!PasswordHash.isKnownFormat(passwordHash)) {
            throw new IllegalArgumentException("password of '" + name + "' is not an argon2id or bcrypt hash");
        }
    }

    User toUser() {
        return new User(name, home, canWrite, false, limits);
    }
}
