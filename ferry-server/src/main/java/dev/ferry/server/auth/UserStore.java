package dev.ferry.server.auth;

import dev.ferry.server.config.TlsRequirement;
import java.util.Optional;

/** Where users and their password hashes come from. */
public interface UserStore {

    /**
     * The user, if the name exists and the password matches by {@code check}. An unknown name costs a check
     * against {@link PasswordHash#DUMMY}, as long as a wrong password, so that the timing does not tell which
     * names exist.
     */
    Optional<User> authenticate(String name, String password, PasswordCheck check);

    /** The same, with the slow hash every time. */
    default Optional<User> authenticate(String name, String password) {
        return authenticate(name, password, PasswordCheck.SLOW);
    }

    /** The user's own TLS requirement, when the store sets one; the server's {@code tls-required} otherwise. */
    default Optional<TlsRequirement> tlsRequirement(String name) {
        return Optional.empty();
    }
}
