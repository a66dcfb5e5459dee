package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.FileTrees;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client's TLS against a JDK TLS server on loopback, without FTP around it: the control connection's
 * handshake and certificate checks, and data connections on other ports that resume its session.
 */
class TlsConnectorIT {

    private static final byte[] DATA = FileTrees.randomBytes(1024 * 1024 + 7, 9);

    private final SSLContext serverContext = TestCertificate.get().serverContext();
    private ServerSocket controlListener;
    private ServerSocket dataListener;
    private ExecutorService server;

    @BeforeEach
    void listen() throws IOException {
        controlListener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        dataListener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server = Executors.newVirtualThreadPerTaskExecutor();
    }

    /** The server's threads end with its sockets: none is left behind. */
    @AfterEach
    void close() throws Exception {
        controlListener.close();
        dataListener.close();
        server.shutdownNow();
        assertTrue(server.awaitTermination(10, TimeUnit.SECONDS), "a server thread is still running");
    }

    private static ClientOptions pinned() {
        return ClientOptions.builder().trust(CertificateTrust.pinned(TestCertificate.get().fingerprint())).build();
    }

    /** Accepts one connection on {@code listener} and runs the server's side of the handshake. */
    private SSLSocket acceptTls(ServerSocket listener, String protocol) throws IOException {
        Socket plain = listener.accept();
        SSLSocket socket = (SSLSocket) serverContext.getSocketFactory().createSocket(plain, null, plain.getPort(),
                true);
        socket.setUseClientMode(false);
        socket.setEnabledProtocols(new String[] {protocol});
        socket.startHandshake();
        return socket;
    }

    private <T> Future<T> serve(Callable<T> work) {
        return server.submit(work);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void dataConnectionsResumeTheControlSessionInBothDirections(String protocol) throws Exception {
        Future<byte[][]> serverSide = serve(() -> {
            try (SSLSocket control = acceptTls(controlListener, protocol)) {
                // a line for the client to read: with TLS 1.3 the session ticket goes out before it
                control.getOutputStream().write("220 ready\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] controlId = control.getSession().getId();
                byte[] uploaded;
                try (SSLSocket data = acceptTls(dataListener, protocol)) {
                    uploaded = data.getInputStream().readAllBytes();
                }
                byte[] dataId;
                try (SSLSocket data = acceptTls(dataListener, protocol)) {
                    dataId = data.getSession().getId();
                    data.getOutputStream().write(DATA);
                }
                control.getInputStream().read(); // until the client is done
                return new byte[][] {uploaded, controlId, dataId};
            }
        });
        TlsConnector tls = TlsConnector.create("127.0.0.1", pinned());
        try (Socket control = tls.secureControl(connect(controlListener))) {
            assertEquals(protocol, ((SSLSocket) control).getSession().getProtocol());
            assertEquals("220 ready", new BufferedReader(new InputStreamReader(control.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine());

            TlsDataChannel upload = tls.secureData(connect(dataListener), controlListener.getLocalPort());
            try (Socket socket = upload.socket()) {
                assertTrue(tls.resumed(upload), "the upload's handshake checked a certificate: a new session");
                upload.output().write(DATA);
                upload.end();
            }
            TlsDataChannel download = tls.secureData(connect(dataListener), controlListener.getLocalPort());
            try (Socket socket = download.socket()) {
                assertTrue(tls.resumed(download), "the download's handshake checked a certificate: a new session");
                assertArrayEquals(DATA, download.input().readAllBytes());
                download.end();
            }
            control.getOutputStream().write('.');
            byte[][] seen = serverSide.get();
            assertArrayEquals(DATA, seen[0]);
            if (protocol.equals("TLSv1.2")) {
                assertArrayEquals(seen[1], seen[2], "the server resumed another session"); // its cache's ID
            }
        }
    }

    private static Socket connect(ServerSocket listener) throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    @Test
    void theSystemTrustStoreRefusesASelfSignedCertificateNamingItsFingerprint() throws Exception {
        serve(() -> acceptTls(controlListener, "TLSv1.3"));
        TlsConnector tls = TlsConnector.create("127.0.0.1", ClientOptions.defaults());
        try (Socket plain = connect(controlListener)) {
            UntrustedCertificateException e = assertThrows(UntrustedCertificateException.class,
                    () -> tls.secureControl(plain));
            assertEquals(TestCertificate.get().fingerprint(), e.fingerprint());
            assertTrue(e.getMessage().startsWith("the TLS certificate of 127.0.0.1 is not trusted: it is self-signed"),
                    e.getMessage());
            assertTrue(e.getMessage().contains(", fingerprint " + TestCertificate.get().fingerprint() + ": if you "
                    + "know it is the server's, pin that fingerprint"), e.getMessage());
        }
    }

    /**
     * With the test certificate in the trust store ({@code javax.net.ssl.trustStore}, which the JDK reads
     * again when it changes), the chain passes and the host name decides: the certificate names localhost and
     * 127.0.0.1.
     */
    @Test
    void theSystemTrustStoreChecksTheHostNameAndSaysWhichNamesTheCertificateHas(@TempDir Path folder)
            throws Exception {
        Path store = folder.resolve("trusted.p12");
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ferry-test", TestCertificate.get().certificate());
        try (OutputStream out = Files.newOutputStream(store)) {
            trusted.store(out, "changeit".toCharArray());
        }
        System.setProperty("javax.net.ssl.trustStore", store.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        try {
            serve(() -> acceptTls(controlListener, "TLSv1.3"));
            try (Socket control = TlsConnector.create("localhost", ClientOptions.defaults())
                    .secureControl(connect(controlListener))) {
                assertEquals("TLSv1.3", ((SSLSocket) control).getSession().getProtocol());
            }
            serve(() -> acceptTls(controlListener, "TLSv1.2"));
            TlsConnector elsewhere = TlsConnector.create("ftp.example.org", ClientOptions.defaults());
            try (Socket plain = connect(controlListener)) {
                UntrustedCertificateException e = assertThrows(UntrustedCertificateException.class,
                        () -> elsewhere.secureControl(plain));
                assertTrue(e.problem().startsWith("it is issued for localhost, 127.0.0.1, not for the host name "
                        + "the client connected to"), e.problem());
                assertTrue(e.getMessage().startsWith("the TLS certificate of ftp.example.org is not trusted"),
                        e.getMessage());
            }
        } finally {
            System.clearProperty("javax.net.ssl.trustStore");
            System.clearProperty("javax.net.ssl.trustStorePassword");
            System.clearProperty("javax.net.ssl.trustStoreType");
        }
    }

    @Test
    void aPinnedFingerprintReplacesTheChainAndHostChecks() throws Exception {
        serve(() -> acceptTls(controlListener, "TLSv1.3"));
        // "localhost" is in the certificate, but no authority vouches for it: only the pin makes it trusted
        TlsConnector tls = TlsConnector.create("localhost", pinned());
        try (Socket control = tls.secureControl(connect(controlListener))) {
            assertEquals("TLSv1.3", ((SSLSocket) control).getSession().getProtocol());
        }
    }

    @Test
    void anotherPinnedFingerprintIsRefused() throws Exception {
        serve(() -> acceptTls(controlListener, "TLSv1.2"));
        Fingerprint other = Fingerprint.parse("sha256:" + "ab".repeat(32));
        TlsConnector tls = TlsConnector.create("127.0.0.1",
                ClientOptions.builder().trust(CertificateTrust.pinned(other)).build());
        try (Socket plain = connect(controlListener)) {
            UntrustedCertificateException e = assertThrows(UntrustedCertificateException.class,
                    () -> tls.secureControl(plain));
            assertEquals("it is not the pinned certificate " + other, e.problem());
            assertEquals(TestCertificate.get().fingerprint(), e.fingerprint());
        }
    }

    @Test
    void insecureAcceptsAnyCertificate() throws Exception {
        serve(() -> acceptTls(controlListener, "TLSv1.3"));
        TlsConnector tls = TlsConnector.create("127.0.0.1",
                ClientOptions.builder().trust(CertificateTrust.insecure()).build());
        try (Socket control = tls.secureControl(connect(controlListener))) {
            assertEquals("TLSv1.3", ((SSLSocket) control).getSession().getProtocol());
        }
    }

    @Test
    void neverSpeaksTlsBelow12() throws Exception {
        Future<?> old = serve(() -> {
            try (Socket plain = controlListener.accept();
                 SSLSocket socket = (SSLSocket) serverContext.getSocketFactory().createSocket(plain, null,
                         plain.getPort(), true)) {
                socket.setUseClientMode(false);
                socket.setEnabledProtocols(new String[] {"TLSv1.1"});
                socket.startHandshake();
            }
            return null;
        });
        TlsConnector tls = TlsConnector.create("127.0.0.1", pinned());
        try (Socket plain = connect(controlListener)) {
            FtpException e = assertThrows(FtpException.class, () -> tls.secureControl(plain));
            assertTrue(e.getMessage().startsWith("the TLS handshake on the control connection with 127.0.0.1 failed"),
                    e.getMessage());
        }
        assertThrows(Exception.class, old::get);
    }
}
