package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.config.ServerConfig;
import dev.ferry.server.config.TlsMode;
import dev.ferry.server.config.TlsRequirement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** FTPS (RFC 4217) spoken by hand: AUTH TLS, PBSZ, PROT, protected data connections and their sessions. */
final class FtpsIT {

    @TempDir
    Path tlsDir;
    private TestServer server;

    private TestServer start(Consumer<ServerConfig.Builder> customize) {
        server = TestServer.start(b -> customize.accept(b.tls(TlsMode.AUTO).tlsDir(tlsDir)));
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** With new sessions on the data connections, which the JDK's client makes (curl and lftp resume). */
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void transfersOverProtectedDataConnections(String protocol) throws IOException {
        start(b -> b.tlsSessionReuse(false));
        byte[] content = FileTrees.randomBytes(3 << 20, 41);
        try (TlsFtp ftp = TlsFtp.explicit(server.port(), protocol).loginProtected(TestServer.USER, TestServer.PASSWORD)) {
            assertEquals(protocol, ftp.session().getProtocol());
            TlsFtp.expect(200, ftp.send("TYPE I"));

            TlsFtp.Transfer stor = ftp.transfer("STOR up.bin", content);
            TlsFtp.expect(226, stor.last());
            assertEquals(protocol, stor.dataProtocol());
            TlsFtp.Transfer retr = ftp.transfer("RETR up.bin", null);
            TlsFtp.expect(226, retr.last());
            TlsFtp.Transfer list = ftp.transfer("LIST", null);
            TlsFtp.expect(226, list.last());

            assertTrue(stor.first().text().contains("TLS data connection"), stor.first().toString());
            assertArrayEquals(content, Files.readAllBytes(server.root().resolve("up.bin")));
            assertArrayEquals(content, retr.data());
            assertTrue(list.dataText().contains("up.bin"), list.dataText());
            TlsFtp.expect(221, ftp.send("QUIT"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void refusesADataConnectionWithANewTlsSession(String protocol) {
        start(b -> { });
        FileTrees.write(server.root().resolve("a.txt"), "hello".getBytes(StandardCharsets.UTF_8));
        try (TlsFtp ftp = TlsFtp.explicit(server.port(), protocol).loginProtected(TestServer.USER, TestServer.PASSWORD)) {
            TlsFtp.Transfer retr = ftp.transfer("RETR a.txt", null);

            TlsFtp.expect(522, retr.last());
            assertTrue(retr.last().text().contains("must resume the control connection's TLS session"), retr.last().toString());
            assertTrue(retr.last().text().contains("tls-session-reuse"), retr.last().toString());
            assertEquals(0, retr.data().length, "no data over a refused connection");
            TlsFtp.expect(200, ftp.send("NOOP")); // the session goes on
            TlsFtp.expect(522, ftp.transfer("LIST", null).last());
        }
    }

    @Test
    void acceptsANewTlsSessionWhenReuseIsOff() {
        start(b -> b.tlsSessionReuse(false));
        FileTrees.write(server.root().resolve("a.txt"), "hello".getBytes(StandardCharsets.UTF_8));
        try (TlsFtp ftp = TlsFtp.explicit(server.port(), "TLSv1.3").loginProtected(TestServer.USER, TestServer.PASSWORD)) {
            TlsFtp.Transfer retr = ftp.transfer("RETR a.txt", null);

            TlsFtp.expect(226, retr.last());
            assertEquals("hello", retr.dataText());
        }
    }

    @Test
    void featOffersTlsAndTheSequenceIsAuthPbszProt() {
        start(b -> { });
        try (RawFtp ftp = RawFtp.connect(server.port())) {
            RawFtp.Reply feat = ftp.expect(211, ftp.send("FEAT"));
            assertTrue(feat.text().contains(" AUTH TLS\n PBSZ\n PROT\n"), feat.toString());
            ftp.expect(503, ftp.send("PBSZ 0"));
            ftp.expect(503, ftp.send("PROT P"));
            ftp.expect(504, ftp.send("AUTH GSSAPI"));
        }
        try (TlsFtp ftp = TlsFtp.explicit(server.port(), "TLSv1.3")) {
            TlsFtp.expect(503, ftp.send("PROT P")); // PBSZ first
            TlsFtp.expect(503, ftp.send("AUTH TLS")); // already on
            TlsFtp.expect(200, ftp.send("PBSZ 0"));
            TlsFtp.expect(536, ftp.send("PROT S"));
            TlsFtp.expect(536, ftp.send("PROT E"));
            TlsFtp.expect(504, ftp.send("PROT X"));
            TlsFtp.expect(200, ftp.send("PROT C"));
            TlsFtp.expect(200, ftp.send("PROT P"));
            TlsFtp.expect(534, ftp.send("CCC"));
        }
    }

    @Test
    void aServerWithoutTlsAnswersAuthWith502AndDoesNotOfferIt() {
        server = TestServer.start();
        try (RawFtp ftp = RawFtp.connect(server.port())) {
            assertTrue(!ftp.expect(211, ftp.send("FEAT")).text().contains("AUTH"));
            ftp.expect(502, ftp.send("AUTH TLS"));
        }
    }

    @Test
    void dropsCommandsSentInTheClearBetweenAuthAndTheHandshake() throws IOException {
        start(b -> { });
        try (RawFtp plain = RawFtp.connect(server.port())) {
            // one write: AUTH TLS and an injected command (CVE-2011-0411); the server must not run it over TLS
            plain.write("AUTH TLS\r\nMKD injected");
            plain.expect(234, plain.read());
        }
        server.awaitNoSessions();
        assertTrue(Files.notExists(server.root().resolve("injected")));
    }

    @Test
    void refusesPlainLoginWhereTlsIsRequiredAndPointsToAuthTls() {
        start(b -> b.tlsRequired(TlsRequirement.LOGIN));
        try (RawFtp ftp = RawFtp.connect(server.port())) {
            RawFtp.Reply user = ftp.expect(530, ftp.send("USER " + TestServer.USER));
            assertTrue(user.text().contains("AUTH TLS"), user.toString());
            ftp.expect(503, ftp.send("PASS " + TestServer.PASSWORD));
        }
        try (TlsFtp ftp = TlsFtp.explicit(server.port(), "TLSv1.3")) {
            TlsFtp.expect(331, ftp.send("USER " + TestServer.USER));
            TlsFtp.expect(230, ftp.send("PASS " + TestServer.PASSWORD));
        }
    }

    @Test
    void refusesClearDataWhereProtectedDataIsRequired() {
        start(b -> b.tlsRequired(TlsRequirement.DATA).tlsSessionReuse(false));
        try (TlsFtp ftp = TlsFtp.explicit(server.port(), "TLSv1.3")) {
            TlsFtp.expect(331, ftp.send("USER " + TestServer.USER));
            TlsFtp.expect(230, ftp.send("PASS " + TestServer.PASSWORD));
            TlsFtp.expect(200, ftp.send("PBSZ 0"));
            TlsFtp.expect(534, ftp.send("PROT C"));
            TlsFtp.expect(229, ftp.send("EPSV"));
            RawFtp.Reply list = TlsFtp.expect(521, ftp.send("LIST"));
            assertTrue(list.text().contains("PROT P"), list.toString());
            TlsFtp.expect(200, ftp.send("PROT P"));
            TlsFtp.expect(226, ftp.transfer("LIST", null).last());
        }
    }

    @Test
    void implicitPortSpeaksTlsFromTheFirstByteAndProtectsData() {
        start(b -> b.implicitPort(0).tlsSessionReuse(false));
        FileTrees.write(server.root().resolve("a.txt"), "implicit".getBytes(StandardCharsets.UTF_8));
        try (TlsFtp ftp = TlsFtp.implicit(server.server().implicitPort().orElseThrow(), "TLSv1.3")) {
            TlsFtp.expect(331, ftp.send("USER " + TestServer.USER));
            TlsFtp.expect(230, ftp.send("PASS " + TestServer.PASSWORD));
            TlsFtp.Transfer retr = ftp.transfer("RETR a.txt", null); // no PBSZ, no PROT
            TlsFtp.expect(226, retr.last());
            assertEquals("implicit", retr.dataText());
            assertEquals("TLSv1.3", retr.dataProtocol());
        }
    }
}
