package dev.ferry.server.tls;

import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import dev.ferry.server.config.ConfigException;
import dev.ferry.server.config.ServerConfig;
import dev.ferry.server.config.TlsMode;
import dev.ferry.server.data.TlsDataStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The server's side of TLS: one SSL context (so one session cache, which data connections resume from),
 * TLS 1.3 and 1.2 only, and of the JDK's cipher suites only those with forward secrecy and an AEAD cipher.
 * The server is always the TLS server, on the control connection and on every data connection, whichever
 * side opened it (RFC 4217 §7, §12.6).
 */
public final class ServerTls {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** TLS 1.3 suites, and TLS 1.2 ECDHE with AES-GCM or ChaCha20-Poly1305: no CBC, SHA-1, RSA key exchange. */
    private static final Pattern MODERN_SUITE = Pattern.compile(
            "TLS_(AES_\\d+_GCM_SHA\\d+|CHACHA20_POLY1305_SHA256"
                    + "|ECDHE_(ECDSA|RSA)_WITH_(AES_\\d+_GCM_SHA\\d+|CHACHA20_POLY1305_SHA256))");

    private final SSLContext context;
    private final String[] cipherSuites;
    private final RenewableKeys keys;

    private ServerTls(SSLContext context, String[] cipherSuites, RenewableKeys keys) {
        this.context = context;
        this.cipherSuites = cipherSuites;
        this.keys = keys;
    }

    /**
     * The TLS setup the config asks for, or empty when {@code tls} is off. With {@code tls: auto} and no
     * {@code tls-cert}, the self-signed certificate kept in {@code defaultDir} (or {@code tls-dir}) is used,
     * and made when there is none.
     *
     * @throws ConfigException naming the key whose file is wrong
     */
    public static Optional<ServerTls> create(ServerConfig config, Path defaultDir) throws ConfigException {
        if (config.tls() == TlsMode.OFF) {
            return Optional.empty();
        }
        RenewableKeys keys;
        if (config.tlsCert().isPresent()) {
            keys = new RenewableKeys(config.tlsCert().get(), config.tlsKey(), config.tlsPassword());
        } else {
            Path dir = config.tlsDir().orElse(defaultDir);
            CertificateFiles.loadOrGenerate(dir);
            keys = new RenewableKeys(dir.resolve(CertificateFiles.GENERATED_CERT),
                    Optional.of(dir.resolve(CertificateFiles.GENERATED_KEY)), "");
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keys}, null, null);
            String[] suites = Arrays.stream(context.getDefaultSSLParameters().getCipherSuites())
                    .filter(s -> MODERN_SUITE.matcher(s).matches()).toArray(String[]::new);
            return Optional.of(new ServerTls(context, suites, keys));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS", e);
        }
    }

    /** The SHA-256 fingerprint of the certificate served now, as {@code sha256:HEX}. */
    public String fingerprint() {
        keys.reloadIfChanged();
        return keys.material().fingerprint();
    }

    /** The subject and validity of the certificate served now, for the log. */
    public String describeCertificate() {
        var leaf = keys.material().leaf();
        return leaf.getSubjectX500Principal().getName() + ", valid until " + leaf.getNotAfter().toInstant();
    }

    String[] cipherSuites() {
        return cipherSuites.clone();
    }

    /**
     * Runs the server side of a handshake over {@code plain}, within {@code timeout}. The returned socket
     * owns {@code plain}: closing it closes both.
     */
    public SSLSocket handshake(Socket plain, Duration timeout) throws IOException {
        InetSocketAddress peer = (InetSocketAddress) plain.getRemoteSocketAddress();
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain,
                peer.getAddress().getHostAddress(), peer.getPort(), true);
        boolean done = false;
        try {
            socket.setSSLParameters(configure(socket.getSSLParameters()));
            socket.setUseClientMode(false);
            int previousTimeout = plain.getSoTimeout();
            plain.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
            socket.startHandshake();
            plain.setSoTimeout(previousTimeout);
            done = true;
            return socket;
        } finally {
            if (!done) {
                socket.close();
            }
        }
    }

    private SSLParameters configure(SSLParameters parameters) {
        parameters.setProtocols(PROTOCOLS);
        parameters.setCipherSuites(cipherSuites);
        parameters.setUseCipherSuitesOrder(true);
        return parameters;
    }

    /**
     * Protects a data connection: the handshake, then, when {@code reuseRequired}, the check that its session
     * resumes {@code control}'s. Either failure closes the connection and is a 522.
     *
     * <p>On an {@link SSLEngine}, not an {@code SSLSocket}: see {@link TlsDataStream} for the TLS 1.3 session
     * ticket that an {@code SSLSocket} writes too early. The engine is made for the data socket's peer host
     * and port, as the socket factory does: a full handshake records them, so {@link #whyNotResumed} tells it
     * from a resumption, which carries the control connection's.
     */
    public TlsDataStream protectData(Socket data, SSLSession control, boolean reuseRequired, Duration timeout)
            throws ReplyException {
        InetSocketAddress peer = (InetSocketAddress) data.getRemoteSocketAddress();
        SSLEngine engine = context.createSSLEngine(peer.getAddress().getHostAddress(), peer.getPort());
        engine.setSSLParameters(configure(engine.getSSLParameters()));
        engine.setUseClientMode(false);
        TlsDataStream stream;
        try {
            stream = TlsDataStream.handshake(data, engine, timeout);
        } catch (IOException e) {
            try {
                data.close();
            } catch (IOException ignored) {
                // refused either way
            }
            throw new ReplyException(ReplyCode.DATA_TLS_FAILED, "TLS handshake on the data connection failed: "
                    + e.getMessage());
        }
        if (reuseRequired) {
            Optional<String> mismatch = whyNotResumed(control, stream.session());
            if (mismatch.isPresent()) {
                stream.abandon();
                throw new SessionNotResumed(mismatch.get());
            }
        }
        return stream;
    }

    /** A data connection whose TLS session is not the control connection's; the message says why. */
    public static final class SessionNotResumed extends ReplyException {
        private final String reason;

        SessionNotResumed(String reason) {
            super(ReplyCode.DATA_TLS_FAILED, "Data connection must resume the control connection's TLS session (use "
                    + "a client that reuses TLS sessions, or ask the admin to turn off tls-session-reuse)");
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /**
     * Why {@code data} is not a resumption of {@code control}, or empty when it is. What JSSE shows on the
     * server side (measured with JDK 25, stateless tickets on, the default, and off):
     * <ul>
     *   <li>a resumed session, TLS 1.2 or 1.3, carries the creation time and the peer host and port of the
     *       session it resumes: JSSE copies them into every ticket and cached copy and back out. For the
     *       control connection's session, that port is the control connection's client port, which no data
     *       connection has;</li>
     *   <li>a full handshake makes a new creation time and records the data connection's own port;</li>
     *   <li>the session id is no help: TLS 1.3 gives a resumed session an id of its own, and a TLS 1.2 client
     *       that resumes by ticket (RFC 5077, as GnuTLS does) may send any id, which the server echoes.</li>
     * </ul>
     * So the check is: same protocol, same creation time, same peer host and port. A ticket can only be
     * presented by a client that read it from the encrypted control connection (or from a data connection
     * that resumed it), so this is the client that logged in; another session of the same client, even one
     * made in the same millisecond, differs in its port.
     */
    public static Optional<String> whyNotResumed(SSLSession control, SSLSession data) {
        if (!control.getProtocol().equals(data.getProtocol())) {
            return Optional.of("its TLS session is new (" + data.getProtocol() + ", the control connection has "
                    + control.getProtocol() + ")");
        }
        boolean sameOrigin = control.getCreationTime() == data.getCreationTime()
                && String.valueOf(control.getPeerHost()).equals(String.valueOf(data.getPeerHost()))
                && control.getPeerPort() == data.getPeerPort();
        if (sameOrigin) {
            return Optional.empty();
        }
        return Optional.of("its TLS session is new (" + data.getProtocol() + " full handshake, session "
                + shortId(data) + ", not a resumption of the control connection's session " + shortId(control)
                + "): the client does not reuse TLS sessions");
    }

    private static String shortId(SSLSession session) {
        String hex = HexFormat.of().formatHex(session.getId());
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
