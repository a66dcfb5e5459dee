package dev.ferry.server.auth;

import dev.ferry.server.config.TlsRequirement;
import java.util.Optional;

/** Where users and their password hashes come from. */
public interface UserStore {

    /**
     * The user, if the name exists and the password matches. Takes as long for an unknown name as for a
     * wrong password, so that the timing does not tell which names exist.
     */
    Optional<User> authenticate(String name, String password);

    /** The user's own TLS requirement, when the store sets one; the server's {@code tls-required} otherwise. */
    default Optional<TlsRequirement> tlsRequirement(String name) {
        return Optional.empty();
    }
}
