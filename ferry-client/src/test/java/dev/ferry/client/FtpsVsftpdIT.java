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
import org.apache.commons.net.ftp.FTPSClient;
import org.apache.commons.net.util.TrustManagerUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * FTPS against vsftpd at its strictest: TLS required for login and data, and every data connection must
 * resume the control connection's TLS session ({@code require_ssl_reuse=YES}, which answers {@code 522 SSL
 * connection failed: session reuse required} otherwise).
 */
class FtpsVsftpdIT {

    @TempDir
    Path local;
    private final RecordingTrace trace = new RecordingTrace();

    private FtpClient connect(PeerServer server, ClientOptions.Builder options) throws IOException {
        DataMethodMemory.forget(server.host() + ":" + server.port());
        return FtpClient.connect(server.host(), server.port(), new Credentials(server.user(), server.password()),
                options.trace(trace).build());
    }

    private static ClientOptions.Builder pinned(TlsMode tls, DataMode mode) {
        return ClientOptions.builder().tls(tls).mode(mode)
                .trust(CertificateTrust.pinned(TestCertificate.get().fingerprint()));
    }

    /** Explicit FTPS with TLS 1.3 and 1.2 (vsftpd limited to it), implicit FTPS: each in passive and active mode. */
    static Stream<Arguments> setups() {
        return Stream.of(DataMode.PASSIVE, DataMode.ACTIVE).flatMap(mode -> Stream.of(
                Arguments.of(TlsMode.EXPLICIT, "TLSv1.3", mode),
                Arguments.of(TlsMode.EXPLICIT, "TLSv1.2", mode),
                Arguments.of(TlsMode.IMPLICIT, "TLSv1.3", mode)));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("setups")
    void transfersListsAndResumesEveryDataConnectionResumingTheSession(TlsMode tls, String protocol, DataMode mode)
            throws IOException {
        VsftpdServer.Builder builder = VsftpdServer.builder().tls(tls);
        if (protocol.equals("TLSv1.2")) {
            builder.maxTlsVersion(protocol);
        }
        try (VsftpdServer server = builder.start()) {
            exerciseTransfers(server, pinned(tls, mode), mode);
            assertEverySessionResumed(server, protocol);
            assertEquals(tls == TlsMode.EXPLICIT, trace.commands().contains("AUTH TLS"), trace.commands().toString());
        }
    }

    private void exerciseTransfers(PeerServer server, ClientOptions.Builder options, DataMode mode)
            throws IOException {
        byte[] content = FileTrees.randomBytes(3 * 1024 * 1024 + 5, 44);
        Path source = FileTrees.write(local.resolve("source.bin"), content);
        server.createFile("dir/small.txt", "12345".getBytes());
        try (FtpClient ftp = connect(server, options)) {
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
     * control connection's session: as the client saw it (no certificate in the handshake) and as vsftpd
     * logged it ({@code debug_ssl}: "reused").
     */
    private void assertEverySessionResumed(VsftpdServer server, String protocol) {
        List<TraceEvent.TlsEstablished> tls = trace.events().stream()
                .filter(e -> e instanceof TraceEvent.TlsEstablished).map(e -> (TraceEvent.TlsEstablished) e).toList();
        assertEquals(TraceEvent.Channel.CONTROL, tls.getFirst().channel());
        assertEquals(5, tls.stream().filter(t -> t.channel() == TraceEvent.Channel.DATA).count(), tls.toString());
        for (TraceEvent.TlsEstablished established : tls) {
            assertEquals(protocol, established.protocol(), established.toString());
            assertTrue(established.resumed() || established.channel() == TraceEvent.Channel.CONTROL,
                    established.toString());
        }
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
        try (VsftpdServer server = VsftpdServer.builder().tls(TlsMode.EXPLICIT).maxTlsVersion("TLSv1.2").start()) {
            try (FtpClient ftp = connect(server, pinned(TlsMode.EXPLICIT, DataMode.PASSIVE))) {
                FtpException upload = assertThrows(FtpException.class, () -> ftp.upload(source, "up.bin"));
                assertTrue(upload.getMessage().contains("522 SSL connection failed: session reuse required"),
                        upload.getMessage());
            }
            try (FtpClient ftp = connect(server, pinned(TlsMode.EXPLICIT, DataMode.ACTIVE))) {
                FtpReplyException list = assertThrows(FtpReplyException.class, () -> ftp.list("/"));
                assertEquals(522, list.code());
            }
            assertFalse(trace.events().stream().anyMatch(e -> e instanceof TraceEvent.TlsEstablished t
                    && t.channel() == TraceEvent.Channel.DATA && t.resumed()), trace.events().toString());
        } finally {
            System.clearProperty("jdk.tls.client.enableSessionTicketExtension");
        }
    }

    @Test
    void refusesTheSelfSignedCertificateByDefaultSayingHowToPinIt() throws IOException {
        try (VsftpdServer server = VsftpdServer.builder().tls(TlsMode.EXPLICIT).start()) {
            UntrustedCertificateException e = assertThrows(UntrustedCertificateException.class,
                    () -> connect(server, ClientOptions.builder().tls(TlsMode.EXPLICIT)));
            Fingerprint presented = TestCertificate.get().fingerprint();
            assertEquals(presented, e.fingerprint());
            assertTrue(e.getMessage().contains("self-signed"), e.getMessage());
            assertTrue(e.getMessage().contains(presented.toString()), e.getMessage());
            assertEquals("CN=ferry-test", e.subject());
            assertFalse(trace.commands().contains("USER " + server.user()), "logged in over an untrusted connection");
        }
    }

    @Test
    void refusesACertificateOtherThanThePinnedOne() throws IOException {
        Fingerprint other = Fingerprint.parse("sha256:" + "AB:".repeat(31) + "CD");
        try (VsftpdServer server = VsftpdServer.builder().tls(TlsMode.IMPLICIT).start()) {
            UntrustedCertificateException e = assertThrows(UntrustedCertificateException.class,
                    () -> connect(server, ClientOptions.builder().tls(TlsMode.IMPLICIT)
                            .trust(CertificateTrust.pinned(other))));
            assertEquals(TestCertificate.get().fingerprint(), e.fingerprint());
            assertTrue(e.getMessage().contains("not the pinned certificate " + other), e.getMessage());
            assertTrue(e.getMessage().contains(TestCertificate.get().fingerprint().toString()), e.getMessage());
        }
    }

    @Test
    void insecureAcceptsAnyCertificate() throws IOException {
        try (VsftpdServer server = VsftpdServer.builder().tls(TlsMode.EXPLICIT).start()) {
            server.createFile("f.txt", "data".getBytes());
            try (FtpClient ftp = connect(server, ClientOptions.builder().tls(TlsMode.EXPLICIT)
                    .trust(CertificateTrust.insecure()))) {
                ftp.download("f.txt", local.resolve("f.txt"));
            }
            assertEquals("data", Files.readString(local.resolve("f.txt")));
        }
    }
}
