package dev.ferry.client;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 digest of a certificate's DER encoding, written {@code sha256:} and 64 hex digits: what
 * {@code openssl x509 -fingerprint -sha256} shows, less its colons.
 *
 * @param hex 64 lower-case hex digits
 */
public record Fingerprint(String hex) {

    private static final String PREFIX = "sha256:";

    public Fingerprint {
        if (hex.length() != 64 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("a SHA-256 fingerprint is 64 lower-case hex digits: " + hex);
        }
    }

    /**
     * Reads {@code sha256:HEX}: upper or lower case, the hex digits optionally in colon-separated pairs as
     * openssl prints them.
     */
    public static Fingerprint parse(String text) {
        String trimmed = text.strip();
        if (!trimmed.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new IllegalArgumentException("a certificate fingerprint starts with " + PREFIX + ": " + text);
        }
        String hex = trimmed.substring(PREFIX.length()).replace(":", "").toLowerCase(Locale.ROOT);
        if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("a certificate fingerprint is " + PREFIX
                    + " and 64 hex digits (32 bytes, colons allowed): " + text);
        }
        return new Fingerprint(hex);
    }

    public static Fingerprint of(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return new Fingerprint(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return PREFIX + hex;
    }
}
