package dev.ferry.server.config;

import java.util.Locale;

/**
 * What must be protected by TLS, as vsftpd's {@code force_local_logins_ssl} and {@code force_local_data_ssl}:
 * nothing (TLS is allowed, not required), the login (USER and PASS only after AUTH TLS), the data connections
 * (transfers and listings only after PROT P), or both. Set for the server by {@code tls-required} and per user
 * by the {@code tls} entry of the users file.
 */
public enum TlsRequirement {
    NONE, LOGIN, DATA, ALL;

    public boolean login() {
        return this == LOGIN || this == ALL;
    }

    public boolean data() {
        return this == DATA || this == ALL;
    }

    /** {@code none}, {@code login}, {@code data}, {@code all}; {@code true} and {@code false} mean all and none. */
    public static TlsRequirement parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "none", "false", "no", "off" -> NONE;
            case "login" -> LOGIN;
            case "data" -> DATA;
            case "all", "true", "yes", "on" -> ALL;
            default -> throw new IllegalArgumentException("expected none, login, data or all, got '" + text + "'");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
