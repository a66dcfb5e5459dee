package dev.ferry.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.FileTrees;
import dev.ferry.server.TestServer;
import dev.ferry.server.config.TlsMode;
import dev.ferry.server.config.TlsRequirement;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client verbs over FTPS against Ferry's server with its self-signed certificate, TLS required for login and
 * data and every data connection required to resume the control connection's session: {@code ftpes://} and
 * {@code ftps://} URLs, {@code --pin}, {@code --insecure}, exit code 7 for a refused certificate, and what
 * {@code ferry doctor} says of it all.
 */
class FtpsCommandsIT {

    @TempDir
    Path local;
    @TempDir
    Path tlsDir;
    private TestServer server;
    private String pin;

    @BeforeEach
    void start() {
        server = TestServer.start(b -> b.tls(TlsMode.AUTO).tlsDir(tlsDir).tlsRequired(TlsRequirement.ALL)
                .implicitPort(0));
        pin = server.server().tlsFingerprint().orElseThrow();
    }

    @AfterEach
    void stop() {
        server.close();
        FileTrees.assertNoOpenFilesUnder(local);
    }

    private String explicit(String path) {
        return "ftpes://" + TestServer.USER + ":" + TestServer.PASSWORD + "@127.0.0.1:" + server.port() + "/" + path;
    }

    private String implicit(String path) {
        return "ftps://" + TestServer.USER + ":" + TestServer.PASSWORD + "@127.0.0.1:"
                + server.server().implicitPort().orElseThrow() + "/" + path;
    }

    @ParameterizedTest
    @ValueSource(strings = {"passive", "active"})
    void putGetAndLsWithAPinnedCertificate(String mode) {
        Path source = FileTrees.write(local.resolve("up.bin"), FileTrees.randomBytes(2 * 1024 * 1024 + 3, 5));
        Ferry.Result put = Ferry.run("put", "--mode", mode, "--pin", pin, source.toString(), explicit("up.bin"));
        assertEquals(0, put.exit(), put.toString());
        FileTrees.assertSameBytes(source, server.root().resolve("up.bin"));

        Path copy = local.resolve("down.bin");
        Ferry.Result get = Ferry.run("get", "--mode", mode, "--pin", pin, implicit("up.bin"), copy.toString());
        assertEquals(0, get.exit(), get.toString());
        FileTrees.assertSameBytes(source, copy);

        Ferry.Result ls = Ferry.run("ls", "--mode", mode, "--pin", pin.toUpperCase().replace("SHA256:", "sha256:"),
                explicit(""));
        assertEquals(0, ls.exit(), ls.toString());
        assertTrue(ls.out().contains("up.bin"), ls.out());
    }

    @Test
    void verboseShowsEachHandshakeAndThatDataConnectionsResumed() {
        FileTrees.write(server.root().resolve("f.txt"), "hello".getBytes());
        Ferry.Result r = Ferry.run("get", "-v", "--pin", pin, explicit("f.txt"), local.resolve("f.txt").toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals(1, r.count("* control connection secured: TLSv1.3 TLS_"), r.err());
        assertEquals(1, r.count("* data connection secured: TLSv1.3 TLS_"), r.err());
        assertEquals(1, r.count(", session resumed"), r.err());
        assertTrue(r.err().contains("> AUTH TLS") && r.err().contains("> PBSZ 0") && r.err().contains("> PROT P"),
                r.err());
        assertTrue(r.err().contains("> PASS ****"), r.err());
        assertFalse(r.err().contains(TestServer.PASSWORD), "the password is never shown");
    }

    @Test
    void aSelfSignedCertificateExitsWith7SayingHowToPinIt() {
        Ferry.Result r = Ferry.run("ls", explicit(""));
        assertEquals(ExitCode.CERTIFICATE.code(), r.exit(), r.toString());
        assertTrue(r.err().startsWith("ferry: the TLS certificate of 127.0.0.1 is not trusted: it is self-signed"),
                r.err());
        assertTrue(r.err().contains("--pin " + pin + "; or skip the check (not safe) with --insecure"), r.err());

        Ferry.Result wrongPin = Ferry.run("ls", "--pin", "sha256:" + "0".repeat(64), implicit(""));
        assertEquals(ExitCode.CERTIFICATE.code(), wrongPin.exit(), wrongPin.toString());
        assertTrue(wrongPin.err().contains("it is not the pinned certificate sha256:" + "0".repeat(64)),
                wrongPin.err());
    }

    @Test
    void insecureAcceptsTheCertificate() {
        FileTrees.write(server.root().resolve("f.txt"), "hello".getBytes());
        Ferry.Result r = Ferry.run("get", "--insecure", implicit("f.txt"), "-");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("hello", r.out());
    }

    @Test
    void mirrorsOverFtps() {
        Path source = local.resolve("site");
        FileTrees.write(source.resolve("a.txt"), "a".getBytes());
        FileTrees.write(source.resolve("sub/b.bin"), FileTrees.randomBytes(300_000, 2));
        Ferry.Result r = Ferry.run("mirror", "--pin", pin, source.toString(), explicit("www/"));
        assertEquals(0, r.exit(), r.toString());
        FileTrees.assertSameTree(source, server.root().resolve("www"));
    }

    private static String step(Ferry.Result r, String id) {
        return r.out().lines().filter(l -> l.contains("{\"id\": \"" + id + "\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + id + " in:\n" + r.out()));
    }

    @Test
    void doctorSaysHowTheCertificateWasTrustedAndThatDataSessionsResumed() {
        Ferry.Result r = Ferry.run("doctor", "--json", "--pin", pin, explicit(""));
        assertEquals(0, r.exit(), r.toString());
        String tls = step(r, "tls");
        assertTrue(tls.contains("\"verdict\": \"ok\"") && tls.contains("TLSv1.3") && tls.contains("trusted (pinned "
                + pin) && tls.contains("AUTH TLS (explicit FTPS)"), tls);
        String data = step(r, "tls-data");
        assertTrue(data.contains("\"verdict\": \"ok\"") && data.contains("resumed the control connection's session"),
                data);
        assertTrue(step(r, "epsv").contains("\"verdict\": \"ok\""), r.out());
    }

    @Test
    void doctorOverImplicitFtpsSecuresTheConnectionBeforeTheGreeting() {
        Ferry.Result r = Ferry.run("doctor", "--pin", pin, implicit(""));
        assertEquals(0, r.exit(), r.toString());
        List<String> steps = r.out().lines().filter(l -> l.startsWith("ok ")).map(l -> l.substring(6, 24).strip())
                .toList();
        assertEquals(List.of("name resolution", "control connection", "TLS", "greeting", "login", "FEAT"),
                steps.subList(0, 6), r.out());
    }

    @Test
    void doctorFailsTheTlsStepOfAnUntrustedCertificateWithThePinToUse() {
        Ferry.Result r = Ferry.run("doctor", explicit(""));
        assertEquals(7, r.exit(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("FAIL  TLS ")), r.out());
        assertTrue(r.out().contains("--pin " + pin), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("skip  login")), r.out());
    }
}
