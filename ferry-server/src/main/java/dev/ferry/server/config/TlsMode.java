package dev.ferry.server.config;

import java.util.Locale;

/**
 * Whether the server speaks FTPS (RFC 4217), and with which certificate.
 *
 * <ul>
 *   <li>{@code off}: no TLS; AUTH is answered 502 and FEAT does not offer it.</li>
 *   <li>{@code auto}: TLS with the certificate of {@code tls-cert} when one is given, else with a self-signed
 *       certificate made at the first start and kept in {@code tls-dir}, so its fingerprint stays the same.</li>
 *   <li>{@code on}: TLS with the certificate of {@code tls-cert}, which must be given: a server meant to have a
 *       real certificate never falls back to a self-signed one.</li>
 * </ul>
 */
public enum TlsMode {
    OFF, AUTO, ON;

    static TlsMode parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "off", "false", "no" -> OFF;
            case "auto" -> AUTO;
            case "on", "true", "yes" -> ON;
            default -> throw new IllegalArgumentException("expected off, auto or on, got '" + text + "'");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
