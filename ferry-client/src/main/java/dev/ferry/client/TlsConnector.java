package dev.ferry.client;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * One session's TLS (RFC 4217): secures the control connection, then each data connection so that it
 * resumes the control connection's TLS session.
 *
 * <p>Each session has its own {@link SSLContext}, so its session cache holds only this server's session. The
 * JDK's client looks a session up by the peer's host name and port: the control connection registers it
 * under the host as the user gave it and the control port; a data connection's engine is created with that
 * same host and port (not the data connection's), so it finds the session and offers to resume it (a TLS
 * 1.2 session ID or ticket, a TLS 1.3 pre-shared key). Both use the same {@link SSLParameters}, since the
 * JDK resumes a session only under the same host name check and server name. TLS 1.3 tickets arrive after
 * the handshake and are taken in by the next read on the control connection, which is always a reply read
 * before any data connection opens.
 */
final class TlsConnector {

    /** TLS 1.2 and 1.3 only: older versions are broken (RFC 8996). */
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final String TICKET_PROPERTY = "jdk.tls.client.enableSessionTicketExtension";
    private static final ReentrantLock TICKET_PROPERTY_LOCK = new ReentrantLock();

    private final String host;
    private final CertificateTrust trust;
    private final SSLContext context;
    private final CertificateVerifier verifier;
    private final Duration handshakeTimeout;

    private TlsConnector(String host, CertificateTrust trust, SSLContext context, CertificateVerifier verifier,
                         Duration handshakeTimeout) {
        this.host = host;
        this.trust = trust;
        this.context = context;
        this.verifier = verifier;
        this.handshakeTimeout = handshakeTimeout;
    }

    static TlsConnector create(String host, ClientOptions options) throws FtpException {
        try {
            CertificateVerifier verifier = new CertificateVerifier(options.trust());
            SSLContext context = contextWithoutTls12Tickets();
            context.init(null, new TrustManager[] {verifier}, null);
            return new TlsConnector(host, options.trust(), context, verifier, options.connectTimeout());
        } catch (GeneralSecurityException e) {
            throw new FtpException("TLS is not available in this Java runtime: " + e.getMessage(), e);
        }
    }

    /**
     * A context whose TLS 1.2 sessions resume by session ID, not by ticket (RFC 5077). vsftpd gives its
     * tickets a lifetime of 2^31-1 seconds, the JDK drops tickets that live longer than 7 days, and OpenSSL
     * sends no session ID to a client that takes tickets: so a JDK client offering tickets can never resume a
     * vsftpd TLS 1.2 session, and every data connection is refused (measured with vsftpd 3.0.3 and
     * OpenSSL 3.0). Without tickets, OpenSSL keeps the session in its cache under an ID the client resumes.
     * TLS 1.3 resumption is not affected.
     *
     * <p>The JDK offers no setting per context, only the system property that a new context reads once:
     * it is set while the context is made and put back at once, unless the application set it itself.
     */
    private static SSLContext contextWithoutTls12Tickets() throws GeneralSecurityException {
        TICKET_PROPERTY_LOCK.lock();
        try {
            if (System.getProperty(TICKET_PROPERTY) != null) {
                return SSLContext.getInstance("TLS");
            }
            System.setProperty(TICKET_PROPERTY, "false");
            try {
                return SSLContext.getInstance("TLS");
            } finally {
                System.clearProperty(TICKET_PROPERTY);
            }
        } finally {
            TICKET_PROPERTY_LOCK.unlock();
        }
    }

    /** The same for the control and every data connection; resumption depends on it. */
    private SSLParameters parameters() {
        SSLParameters parameters = context.getDefaultSSLParameters();
        List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
        parameters.setProtocols(PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new));
        if (trust instanceof CertificateTrust.SystemTrustStore) {
            // the certificate must name the host the user asked for (RFC 6125, as for HTTPS)
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!isAddressLiteral(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host))); // RFC 6066 §3: names, not addresses
        }
        return parameters;
    }

    static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    /** Wraps the connected control socket in TLS and runs the handshake. */
    SSLSocket secureControl(Socket plain) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, plain.getPort(), true);
        socket.setUseClientMode(true);
        socket.setSSLParameters(parameters());
        try {
            socket.startHandshake();
        } catch (SSLException e) {
            DataConnector.closeQuietly(socket);
            throw explain(e, "the control connection");
        }
        verifier.verifiedCertificate(socket);
        return socket;
    }

    /**
     * Runs a client handshake on a data connection (RFC 4217 §7: the client is the TLS client in active
     * mode too), resuming the control connection's session.
     */
    TlsDataChannel secureData(Socket data, int controlPort) throws IOException {
        SSLEngine engine = context.createSSLEngine(host, controlPort);
        engine.setUseClientMode(true);
        engine.setSSLParameters(parameters());
        try {
            return TlsDataChannel.handshake(data, engine, handshakeTimeout);
        } catch (SSLException e) {
            throw explain(e, "a data connection");
        }
    }

    /** True when the data channel's handshake resumed a session: it checked no certificate. */
    boolean resumed(TlsDataChannel channel) {
        return !verifier.verifiedCertificate(channel.engine());
    }

    /** A refused certificate as its own exception, other handshake failures with where they happened. */
    private IOException explain(SSLException e, String where) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateVerifier.Refused refused) {
                return new UntrustedCertificateException(host, refused.problem(),
                        refused.certificate().getSubjectX500Principal().getName(),
                        Fingerprint.of(refused.certificate()), e);
            }
        }
        return new FtpException("the TLS handshake on " + where + " with " + host + " failed: " + e.getMessage(), e);
    }
}
