package dev.ferry.server.auth;

/**
 * Whether a password matches a user's stored hash. The seam between the user stores and the slow hash:
 * the server puts its {@link VerifiedPasswordCache} here, tests a counting check.
 */
@FunctionalInterface
public interface PasswordCheck {

    /** The slow hash itself, every time. */
    PasswordCheck SLOW = (name, encoded, password) -> PasswordHash.verify(encoded, password);

    /**
     * @param name the user name, or empty when the name is unknown and {@code encoded} is the dummy hash
     * @param encoded the stored hash
     */
    boolean matches(String name, String encoded, String password);
}
