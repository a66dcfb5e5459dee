package dev.ferry.client;

/** Which server certificates a TLS connection accepts. */
public sealed interface CertificateTrust {

    /**
     * A chain to an authority in the Java runtime's trust store (the system's, unless
     * {@code javax.net.ssl.trustStore} says otherwise) for a certificate naming the host the client connected
     * to. The default.
     */
    record SystemTrustStore() implements CertificateTrust { }

    /**
     * Exactly this certificate, whatever signed it and whatever host it names: for a server with a
     * self-signed certificate. Replaces the chain and host name checks.
     */
    record Pinned(Fingerprint fingerprint) implements CertificateTrust { }

    /**
     * Any certificate: the connection is encrypted but the server is not authenticated, so anyone in between
     * can read it. For tests and emergencies.
     */
    record Insecure() implements CertificateTrust { }

    static CertificateTrust systemTrustStore() {
        return new SystemTrustStore();
    }

    static CertificateTrust pinned(Fingerprint fingerprint) {
        return new Pinned(fingerprint);
    }

    static CertificateTrust insecure() {
        return new Insecure();
    }
}
