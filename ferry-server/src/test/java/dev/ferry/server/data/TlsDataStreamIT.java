package dev.ferry.server.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.config.ServerConfig;
import dev.ferry.server.config.TlsMode;
import dev.ferry.server.tls.ServerTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's TLS data stream against the JDK's TLS client, on loopback. */
class TlsDataStreamIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String HOST = "127.0.0.1";

    @TempDir
    Path dir;
    private ServerTls tls;
    private SSLContext client;

    @BeforeEach
    void setUp() throws Exception {
        tls = ServerTls.create(ServerConfig.builder().root(dir).tls(TlsMode.AUTO).tlsDir(dir).build(), dir)
                .orElseThrow();
        client = trustingContext();
    }

    private static SSLContext trustingContext() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);
        return context;
    }

    /** The late ticket that lftp's kernel answered with a reset: none may reach an uploader before its EOF. */
    @Test
    void readsAWholeUploadBeforeSendingAnythingAfterTheHandshake() throws Exception {
        byte[] upload = new byte[1 << 20];
        new Random(7).nextBytes(upload);
        try (ServerSocket listener = new ServerSocket(0, 2, InetAddress.getByName(HOST));
                SSLSocket control = control(listener, "TLSv1.3");
                SSLSocket serverSide = serverControl.get()) {
            SSLSession controlSession = serverSide.getSession();
            try (Socket plain = new Socket(HOST, listener.getLocalPort());
                    Socket server = listener.accept()) {
                SSLSocket data = layer(client, plain, "TLSv1.3"); // resumes: same context, host and port
                Future<TlsDataStream> protect = CompletableFuture.supplyAsync(() -> protect(server, controlSession, true));
                data.startHandshake();
                TlsDataStream stream = protect.get();
                Future<byte[]> received = CompletableFuture.supplyAsync(() -> readAll(stream));
                data.getOutputStream().write(upload);
                data.shutdownOutput();
                if (!plain.isOutputShutdown()) {
                    plain.shutdownOutput();
                }

                assertArrayEquals(upload, received.get());
                assertEquals(0, plain.getInputStream().available(), "bytes sent to the client during the upload");
                stream.closeOutbound();
                assertEquals(-1, data.getInputStream().read());
            }
        }
    }

    /** In TLS 1.2 the state that holds the 1.3 ticket back is the server's Finished, which must go out. */
    @Test
    void finishesAFullTls12HandshakeAndRecordsTheDataConnectionsPeer() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 2, InetAddress.getByName(HOST));
                SSLSocket control = control(listener, "TLSv1.2");
                SSLSocket serverSide = serverControl.get()) {
            SSLSession controlSession = serverSide.getSession();
            try (Socket plain = new Socket(HOST, listener.getLocalPort());
                    Socket server = listener.accept()) {
                SSLSocket data = layer(trustingContext(), plain, "TLSv1.2"); // a new session: an empty cache
                Future<TlsDataStream> protect = CompletableFuture.supplyAsync(() -> protect(server, controlSession, false));
                data.startHandshake();
                TlsDataStream stream = protect.get();
                byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
                stream.write(hello, 0, hello.length);
                stream.closeOutbound();

                assertArrayEquals(hello, data.getInputStream().readNBytes(10));
                assertEquals(plain.getLocalPort(), stream.session().getPeerPort());
                assertTrue(ServerTls.whyNotResumed(controlSession, stream.session()).isPresent());
            }
        }
    }

    /** The server's side of the current control connection. */
    private CompletableFuture<SSLSocket> serverControl;

    /** A TLS control connection whose session the client caches under (HOST, its port); the ticket is read. */
    private SSLSocket control(ServerSocket listener, String protocol) throws IOException {
        serverControl = CompletableFuture.supplyAsync(() -> {
            try {
                SSLSocket socket = tls.handshake(listener.accept(), TIMEOUT);
                socket.getOutputStream().write('x');
                socket.getOutputStream().flush();
                return socket;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(HOST, listener.getLocalPort());
        socket.setEnabledProtocols(new String[] {protocol});
        assertEquals('x', socket.getInputStream().read());
        return socket;
    }

    private static SSLSocket layer(SSLContext context, Socket plain, String protocol) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, HOST, plain.getPort(), false);
        socket.setEnabledProtocols(new String[] {protocol});
        socket.setUseClientMode(true);
        return socket;
    }

    private TlsDataStream protect(Socket server, SSLSession control, boolean reuseRequired) {
        try {
            return tls.protectData(server, control, reuseRequired, TIMEOUT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(TlsDataStream stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = stream.read(buffer, 0, buffer.length); n >= 0; n = stream.read(buffer, 0, buffer.length)) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
