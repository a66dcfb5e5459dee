package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * An FTPS control connection spoken by hand with the JDK's TLS client, for what the library clients hide:
 * the TLS protocol version, the replies around a protected data connection. Trusts any certificate (the
 * tests' are self-signed).
 *
 * <p>Its data connections always start a new TLS session: the JDK's client looks a session up by the real
 * port of the connection, which is never the control connection's, so it cannot resume (curl and lftp can,
 * and their tests cover resumption).
 */
final class TlsFtp implements AutoCloseable {

    private static final Pattern EPSV = Pattern.compile("\\(\\|\\|\\|(\\d+)\\|\\)");

    /** A command with a data connection: the 150, what came over the connection, the final reply. */
    record Transfer(RawFtp.Reply first, byte[] data, RawFtp.Reply last, String dataProtocol) {
        String dataText() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private final SSLContext context;
    private final String protocol;
    private final int port;
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;
    private SSLSession session;

    private TlsFtp(SSLContext context, String protocol, int port, Socket socket) throws IOException {
        this.context = context;
        this.protocol = protocol;
        this.port = port;
        use(socket);
    }

    /** Connects in the clear, reads the 220, sends AUTH TLS and runs the handshake with {@code protocol}. */
    static TlsFtp explicit(int port, String protocol) {
        try {
            TlsFtp ftp = new TlsFtp(trustingContext(), protocol, port, RawFtp.socketFrom(RawFtp.LOOPBACK, RawFtp.LOOPBACK, port));
            ftp.expect(220, ftp.read());
            ftp.expect(234, ftp.send("AUTH TLS"));
            ftp.startTls();
            return ftp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects to the implicit FTPS port: the handshake first, then the 220. */
    static TlsFtp implicit(int port, String protocol) {
        try {
            TlsFtp ftp = new TlsFtp(trustingContext(), protocol, port, RawFtp.socketFrom(RawFtp.LOOPBACK, RawFtp.LOOPBACK, port));
            ftp.startTls();
            ftp.expect(220, ftp.read());
            return ftp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SSLContext trustingContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The client side of the handshake on the control connection; lines then go over TLS. */
    void startTls() throws IOException {
        SSLSocket tls = layer(context, socket, port);
        tls.startHandshake();
        session = tls.getSession();
        use(tls);
    }

    SSLSession session() {
        return session;
    }

    X509Certificate serverCertificate() {
        try {
            return (X509Certificate) session.getPeerCertificates()[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** USER, PASS, PBSZ 0, PROT P. */
    TlsFtp loginProtected(String user, String password) {
        expect(331, send("USER " + user));
        expect(230, send("PASS " + password));
        expect(200, send("PBSZ 0"));
        expect(200, send("PROT P"));
        return this;
    }

    RawFtp.Reply send(String line) {
        write(line);
        return read();
    }

    void write(String line) {
        try {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RawFtp.Reply read() {
        return RawFtp.readReply(in);
    }

    static RawFtp.Reply expect(int code, RawFtp.Reply reply) {
        assertEquals(code, reply.code(), () -> "expected " + code + ", got " + reply);
        return reply;
    }

    /** EPSV, the data connection, {@code command}; after the 150 a TLS handshake with a new session. */
    Transfer transfer(String command, byte[] upload) {
        Matcher m = EPSV.matcher(expect(229, send("EPSV")).text());
        assertTrue(m.find());
        int dataPort = Integer.parseInt(m.group(1));
        try (Socket plain = RawFtp.socketFrom(RawFtp.LOOPBACK, RawFtp.LOOPBACK, dataPort)) {
            RawFtp.Reply first = send(command);
            if (first.code() != 150) {
                return new Transfer(first, new byte[0], first, "");
            }
            SSLSocket tls = layer(context, plain, dataPort);
            byte[] data = new byte[0];
            String dataProtocol = "";
            try (tls) {
                tls.startHandshake();
                dataProtocol = tls.getSession().getProtocol();
                if (upload != null) {
                    tls.getOutputStream().write(upload);
                    tls.getOutputStream().flush();
                } else {
                    data = tls.getInputStream().readAllBytes();
                }
            } catch (IOException e) {
                // refused by the server: its reply says why
            }
            return new Transfer(first, data, read(), dataProtocol);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SSLSocket layer(SSLContext sslContext, Socket plain, int sessionPort) throws IOException {
        SSLSocket tls = (SSLSocket) sslContext.getSocketFactory().createSocket(plain, "127.0.0.1", sessionPort, true);
        tls.setEnabledProtocols(new String[] {protocol});
        tls.setUseClientMode(true);
        return tls;
    }

    private void use(Socket s) throws IOException {
        socket = s;
        in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        out = s.getOutputStream();
    }

    /** Whether the server closed the control connection. */
    boolean closedByServer() {
        try {
            return in.readLine() == null;
        } catch (IOException e) {
            return true;
        }
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed either way
        }
    }
}
