package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import dev.ferry.server.config.TlsRequirement;
import org.apache.commons.net.ftp.FTPSClient;
import org.apache.commons.net.util.TrustManagerUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * FTPS against servers at their strictest: TLS required for login and data, and every data connection must
 * resume the control connection's TLS session. vsftpd ({@code require_ssl_reuse=YES}) answers {@code 522 SSL
 * connection failed: session reuse required} otherwise, Ferry ({@code tls-session-reuse}, on by default) 522
 * too.
 */
class FtpsInteropIT {

    @TempDir
    Path local;
    @TempDir
    Path tlsDir;
    private final RecordingTrace trace = new RecordingTrace();

    /** A peer server speaking FTPS: the port to connect to (the implicit one for implicit FTPS), its certificate. */
    private record TlsPeer(PeerServer server, int port, Fingerprint fingerprint) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }

    /** vsftpd (its OpenSSL limited to {@code protocol}), or Ferry with its own self-signed certificate. */
    private TlsPeer start(Peer peer, TlsMode tls, String protocol) {
        return switch (peer) {
            case VSFTPD -> {
                VsftpdServer.Builder builder = VsftpdServer.builder().tls(tls);
                if (protocol.equals("TLSv1.2")) {
                    builder.maxTlsVersion(protocol);
                }
                VsftpdServer server = builder.start();
                yield new TlsPeer(server, server.port(), TestCertificate.get().fingerprint());
            }
            case FERRY -> {
                FerryPeer server = FerryPeer.start(b -> {
                    b.tls(dev.ferry.server.config.TlsMode.AUTO).tlsDir(tlsDir).tlsRequired(TlsRequirement.ALL);
                    if (tls == TlsMode.IMPLICIT) {
                        b.implicitPort(0);
                    }
                });
                dev.ferry.server.FtpServer ferry = server.testServer().server();
                yield new TlsPeer(server, tls == TlsMode.IMPLICIT ? ferry.implicitPort().orElseThrow() : server.port(),
                        Fingerprint.parse(ferry.tlsFingerprint().orElseThrow()));
            }
            case APACHE_FTPSERVER -> throw new IllegalArgumentException("not an FTPS peer here: " + peer);
        };
    }

    private FtpClient connect(TlsPeer peer, ClientOptions.Builder options) throws IOException {
        PeerServer server = peer.server();
        DataMethodMemory.forget(server.host() + ":" + peer.port());
        return FtpClient.connect(server.host(), peer.port(), new Credentials(server.user(), server.password()),
                options.trace(trace).build());
    }

    private static ClientOptions.Builder pinned(TlsPeer peer, TlsMode tls, DataMode mode) {
        return ClientOptions.builder().tls(tls).mode(mode).trust(CertificateTrust.pinned(peer.fingerprint()));
    }

    /**
     * vsftpd: explicit FTPS with TLS 1.3 and 1.2, implicit FTPS; Ferry: explicit and implicit (TLS 1.3, which it
     * prefers): each in passive and active mode.
     */
    static Stream<Arguments> setups() {
        return Stream.of(DataMode.PASSIVE, DataMode.ACTIVE).flatMap(mode -> Stream.of(
                Arguments.of(Peer.VSFTPD, TlsMode.EXPLICIT, "TLSv1.3", mode),
                Arguments.of(Peer.VSFTPD, TlsMode.EXPLICIT, "TLSv1.2", mode),
                Arguments.of(Peer.VSFTPD, TlsMode.IMPLICIT, "TLSv1.3", mode),
                Arguments.of(Peer.FERRY, TlsMode.EXPLICIT, "TLSv1.3", mode),
                Arguments.of(Peer.FERRY, TlsMode.IMPLICIT, "TLSv1.3", mode)));
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("setups")
    void transfersListsAndResumesEveryDataConnectionResumingTheSession(Peer peer, TlsMode tls, String protocol,
                                                                       DataMode mode) throws IOException {
        try (TlsPeer server = start(peer, tls, protocol)) {
            exerciseTransfers(server, pinned(server, tls, mode), mode);
            assertEveryDataConnectionResumed(protocol);
            if (server.server() instanceof VsftpdServer vsftpd) {
                assertVsftpdResumedEveryDataConnection(vsftpd, protocol);
            }
            assertEquals(tls == TlsMode.EXPLICIT, trace.commands().contains("AUTH TLS"), trace.commands().toString());
        }
    }

    private void exerciseTransfers(TlsPeer peer, ClientOptions.Builder options, DataMode mode)
            throws IOException {
        PeerServer server = peer.server();
        byte[] content = FileTrees.randomBytes(3 * 1024 * 1024 + 5, 44);
        Path source = FileTrees.write(local.resolve("source.bin"), content);
        server.createFile("dir/small.txt", "12345".getBytes());
        try (FtpClient ftp = connect(peer, options)) {
            ftp.upload(source, "dir/up.bin");
            assertArrayEquals(content, Files.readAllBytes(server.root().resolve("dir/up.bin")));
            ftp.download("dir/up.bin", local.resolve("down.bin"));
            assertArrayEquals(content, Files.readAllBytes(local.resolve("down.bin")));
            assertEquals(mode == DataMode.ACTIVE, !ftp.lastDataMethod().orElseThrow().isPassive());

            assertEquals(List.of("small.txt", "up.bin"), ftp.list("dir").stream().map(RemoteFile::name).sorted()
                    .toList());

            Files.write(local.resolve(".resumed.bin.part"), Arrays.copyOf(content, 1_000_000));
            ftp.resumeDownload("dir/up.bin", local.resolve("resumed.bin"), ProgressListener.NONE);
            assertArrayEquals(content, Files.readAllBytes(local.resolve("resumed.bin")));
            assertTrue(trace.commands().contains("REST 1000000"), trace.commands().toString());

            Files.write(server.root().resolve("dir/part.bin"), Arrays.copyOf(content, 777_777));
            server.handOver(server.root().resolve("dir/part.bin"));
            ftp.resumeUpload(source, "dir/part.bin", ProgressListener.NONE);
            assertArrayEquals(content, Files.readAllBytes(server.root().resolve("dir/part.bin")));
        }
        assertTrue(trace.commands().containsAll(List.of("PBSZ 0", "PROT P", "PASS ****")),
                trace.commands().toString());
        assertFalse(trace.events().toString().contains(server.password() + ","), "password leaked into the trace");
    }

    /**
     * The five data connections (upload, download, listing, resumed download, resumed upload) resumed the
     * control connection's session, as the client saw it: no certificate in their handshakes.
     */
    private void assertEveryDataConnectionResumed(String protocol) {
        List<TraceEvent.TlsEstablished> tls = trace.events().stream()
                .filter(e -> e instanceof TraceEvent.TlsEstablished).map(e -> (TraceEvent.TlsEstablished) e).toList();
        assertEquals(TraceEvent.Channel.CONTROL, tls.getFirst().channel());
        assertEquals(5, tls.stream().filter(t -> t.channel() == TraceEvent.Channel.DATA).count(), tls.toString());
        for (TraceEvent.TlsEstablished established : tls) {
            assertEquals(protocol, established.protocol(), established.toString());
            assertTrue(established.resumed() || established.channel() == TraceEvent.Channel.CONTROL,
                    established.toString());
        }
    }

    /** vsftpd's {@code debug_ssl} log: the control connection's session new, each data connection's "reused". */
    private static void assertVsftpdResumedEveryDataConnection(VsftpdServer server, String protocol) {
        List<String> log = server.tlsLog(); // for implicit TLS, after the fixture's own probe
        assertTrue(log.size() >= 6, String.join("\n", log));
        List<String> serverSide = log.subList(log.size() - 6, log.size());
        assertTrue(serverSide.getFirst().contains("SSL version: " + protocol + ", ") && serverSide.getFirst()
                .contains(", not reused"), serverSide.getFirst());
        assertTrue(serverSide.subList(1, 6).stream().allMatch(line -> line.contains(", reused")),
                String.join("\n", serverSide));
    }

    /**
     * The proof that the fixture refuses what it should: Commons Net's FTPS client, which opens each data
     * connection with a new TLS session, is answered 522 (and vsftpd ends the session).
     */
    @Test
    void theServerRefusesADataConnectionThatDoesNotResumeTheSession() throws IOException {
        try (VsftpdServer server = VsftpdServer.builder().tls(TlsMode.EXPLICIT).start()) {
            FTPSClient ftps = new FTPSClient(false);
            ftps.setTrustManager(TrustManagerUtils.getAcceptAllTrustManager());
            try {
                ftps.connect(server.host(), server.port());
                assertTrue(ftps.login(server.user(), server.password()));
                ftps.execPBSZ(0);
                ftps.execPROT("P");
                ftps.enterLocalPassiveMode();
                ftps.listNames("/");
            } catch (IOException expected) {
                // vsftpd ends the session after its 522; Commons Net notices now or at disconnect
            } finally {
                ftps.disconnect();
            }
            assertTrue(server.log().contains("\"522 SSL connection failed: session reuse required\""), server.log());
        }
    }

    /**
     * An application that turns TLS 1.2 session tickets on itself has its way, and then vsftpd's tickets,
     * valid for 68 years, are dropped by the JDK (it keeps none longer than 7 days): no data connection can
     * resume, and the failure says what the server said before it ended the session.
     */
    @Test
    void aDataConnectionThatCannotResumeFailsWithTheServersReason() throws IOException {
        Path source = FileTrees.write(local.resolve("source.bin"), FileTrees.randomBytes(3 * 1024 * 1024, 3));
        System.setProperty("jdk.tls.client.enableSessionTicketExtension", "true");
        try (TlsPeer server = start(Peer.VSFTPD, TlsMode.EXPLICIT, "TLSv1.2")) {
            try (FtpClient ftp = connect(server, pinned(server, TlsMode.EXPLICIT, DataMode.PASSIVE))) {
                FtpException upload = assertThrows(FtpException.class, () -> ftp.upload(source, "up.bin"));
                assertTrue(upload.getMessage().contains("522 SSL connection failed: session reuse required"),
                        upload.getMessage());
            }
            try (FtpClient ftp = connect(server, pinned(server, TlsMode.EXPLICIT, DataMode.ACTIVE))) {
                FtpReplyException list = assertThrows(FtpReplyException.class, () -> ftp.list("/"));
                assertEquals(522, list.code());
            }
            assertFalse(trace.events().stream().anyMatch(e -> e instanceof TraceEvent.TlsEstablished t
                    && t.channel() == TraceEvent.Channel.DATA && t.resumed()), trace.events().toString());
        } finally {
            System.clearProperty("jdk.tls.client.enableSessionTicketExtension");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Peer.class, names = {"VSFTPD", "FERRY"})
    void refusesASelfSignedCertificateByDefaultSayingHowToPinIt(Peer peer) throws IOException {
        try (TlsPeer server = start(peer, TlsMode.EXPLICIT, "TLSv1.3")) {
            UntrustedCertificateException e = assertThrows(UntrustedCertificateException.class,
                    () -> connect(server, ClientOptions.builder().tls(TlsMode.EXPLICIT)));
            assertEquals(server.fingerprint(), e.fingerprint());
            assertTrue(e.getMessage().contains("is not trusted: it is self-signed, and the system trust store does "
                    + "not hold it"), e.getMessage());
            assertTrue(e.getMessage().contains(", fingerprint " + server.fingerprint() + ": if you know it is the "
                    + "server's, pin that fingerprint"), e.getMessage());
            assertFalse(trace.commands().stream().anyMatch(c -> c.startsWith("USER")),
                    "logged in over an untrusted connection");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Peer.class, names = {"VSFTPD", "FERRY"})
    void refusesACertificateOtherThanThePinnedOne(Peer peer) throws IOException {
        Fingerprint other = Fingerprint.parse("sha256:" + "AB:".repeat(31) + "CD");
        try (TlsPeer server = start(peer, TlsMode.IMPLICIT, "TLSv1.3")) {
            UntrustedCertificateException e = assertThrows(UntrustedCertificateException.class,
                    () -> connect(server, ClientOptions.builder().tls(TlsMode.IMPLICIT)
                            .trust(CertificateTrust.pinned(other))));
            assertEquals(server.fingerprint(), e.fingerprint());
            assertTrue(e.getMessage().contains("not the pinned certificate " + other), e.getMessage());
            assertTrue(e.getMessage().contains(server.fingerprint().toString()), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Peer.class, names = {"VSFTPD", "FERRY"})
    void insecureAcceptsAnyCertificate(Peer peer) throws IOException {
        try (TlsPeer server = start(peer, TlsMode.EXPLICIT, "TLSv1.3")) {
            server.server().createFile("f.txt", "data".getBytes());
            try (FtpClient ftp = connect(server, ClientOptions.builder().tls(TlsMode.EXPLICIT)
                    .trust(CertificateTrust.insecure()))) {
                ftp.download("f.txt", local.resolve("f.txt"));
            }
            assertEquals("data", Files.readString(local.resolve("f.txt")));
        }
    }
}
