package dev.ferry.client;

/**
 * The server's TLS certificate was refused: not signed by an authority the client trusts, issued for another
 * host, expired, or not the pinned one. The message says which and gives the certificate's fingerprint, so a
 * user who knows the certificate is the server's can pin it ({@link CertificateTrust.Pinned}).
 */
public final class UntrustedCertificateException extends FtpException {

    private final String problem;
    private final String subject;
    private final Fingerprint fingerprint;

    UntrustedCertificateException(String server, String problem, String subject, Fingerprint fingerprint,
                                  Throwable cause) {
        super("the TLS certificate of " + server + " is not trusted: " + problem + "; the certificate is "
                + subject + ", fingerprint " + fingerprint + ": if you know it is the server's, pin that fingerprint,"
                + " or turn verification off (not safe)", cause);
        this.problem = problem;
        this.subject = subject;
        this.fingerprint = fingerprint;
    }

    /** What is wrong with the certificate, in a few words. */
    public String problem() {
        return problem;
    }

    /** The certificate's subject, as in {@code CN=ftp.example.com}. */
    public String subject() {
        return subject;
    }

    /** The presented certificate's fingerprint: pinning it makes the client accept this certificate. */
    public Fingerprint fingerprint() {
        return fingerprint;
    }
}
