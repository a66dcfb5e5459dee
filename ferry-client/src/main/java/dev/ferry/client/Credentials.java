package dev.ferry.client;

/** A user name and password; {@link #toString} never shows the password. */
public record Credentials(String user, String password) {

    public Credentials {
        if (user.isEmpty()) {
            throw new IllegalArgumentException("user name is empty");
        }
    }

    /** Anonymous login (RFC 1635): the password is by custom an e-mail-like token. */
    public static Credentials anonymous() {
        return new Credentials("anonymous", "ferry@");
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=****]";
    }
}
