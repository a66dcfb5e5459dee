package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.config.ConfigException;
import dev.ferry.server.config.TlsMode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.HexFormat;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the server's certificate comes from: made by tls: auto and kept, PEM, PKCS#12, renewed on disk. */
final class CertificatesIT {

    @TempDir
    Path dir;

    @Test
    void autoMakesACertificateOnceAndKeepsItsFingerprintAcrossRestarts() throws Exception {
        Path tlsDir = dir.resolve("tls");
        String first;
        try (TestServer server = TestServer.start(b -> b.tls(TlsMode.AUTO).tlsDir(tlsDir))) {
            first = server.server().tlsFingerprint().orElseThrow();
            assertEquals(first, servedFingerprint(server.port()));
        }
        assertTrue(first.matches("sha256:[0-9a-f]{64}"), first);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tlsDir.resolve("ferry-key.pem"))));
        try (TestServer server = TestServer.start(b -> b.tls(TlsMode.AUTO).tlsDir(tlsDir))) {
            assertEquals(first, server.server().tlsFingerprint().orElseThrow());
            assertEquals(first, servedFingerprint(server.port()));
        }
    }

    @Test
    void loadsPemWithATraditionalKeyAndPkcs12() throws Exception {
        Path made = generated("made");
        // the same key as a traditional "EC PRIVATE KEY" block, as openssl writes it
        Path traditionalKey = dir.resolve("traditional.key");
        Process openssl = new ProcessBuilder("openssl", "ec", "-in", made.resolve("ferry-key.pem").toString(),
                "-out", traditionalKey.toString()).redirectErrorStream(true).start();
        String opensslOutput = new String(openssl.getInputStream().readAllBytes());
        assertEquals(0, openssl.waitFor(), opensslOutput);
        assertTrue(Files.readString(traditionalKey).contains("BEGIN EC PRIVATE KEY"), Files.readString(traditionalKey));
        PrivateKey key = readKey(made.resolve("ferry-key.pem"));
        String expected = fingerprintOfFile(made);
        try (TestServer server = TestServer.start(b -> b.tls(TlsMode.ON).tlsCert(made.resolve("ferry-cert.pem"))
                .tlsKey(traditionalKey))) {
            assertEquals(expected, servedFingerprint(server.port()));
        }

        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Certificate cert = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(made.resolve("ferry-cert.pem")));
        store.setKeyEntry("ferry", key, "p12pass".toCharArray(), new Certificate[] {cert});
        Path p12 = dir.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(p12)) {
            store.store(out, "p12pass".toCharArray());
        }
        try (TestServer server = TestServer.start(b -> b.tls(TlsMode.ON).tlsCert(p12).tlsPassword("p12pass"))) {
            assertEquals(expected, servedFingerprint(server.port()));
        }
        IllegalStateException wrongPassword = assertThrows(IllegalStateException.class,
                () -> TestServer.start(b -> b.tls(TlsMode.ON).tlsCert(p12).tlsPassword("wrong")));
        assertEquals("tls-cert", assertInstanceOf(ConfigException.class, wrongPassword.getCause()).key());
    }

    @Test
    void refusesAKeyThatDoesNotBelongToTheCertificate() throws Exception {
        Path one = generated("one");
        Path other = generated("other");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestServer.start(b -> b.tls(TlsMode.ON)
                .tlsCert(one.resolve("ferry-cert.pem")).tlsKey(other.resolve("ferry-key.pem"))));

        ConfigException cause = assertInstanceOf(ConfigException.class, e.getCause());
        assertEquals("tls-key", cause.key());
        assertTrue(cause.getMessage().contains("does not belong to the certificate"), cause.getMessage());
    }

    @Test
    void servesARenewedCertificateWithoutARestart() throws Exception {
        Path old = generated("old");
        Path renewed = generated("renewed");
        Path cert = Files.copy(old.resolve("ferry-cert.pem"), dir.resolve("cert.pem"));
        Path key = Files.copy(old.resolve("ferry-key.pem"), dir.resolve("key.pem"));
        try (TestServer server = TestServer.start(b -> b.tls(TlsMode.ON).tlsCert(cert).tlsKey(key))) {
            assertEquals(fingerprintOfFile(old), servedFingerprint(server.port()));
            try (TlsFtp running = TlsFtp.explicit(server.port(), "TLSv1.3")) {
                Files.copy(renewed.resolve("ferry-key.pem"), key, StandardCopyOption.REPLACE_EXISTING);
                Files.copy(renewed.resolve("ferry-cert.pem"), cert, StandardCopyOption.REPLACE_EXISTING);
                // a copy within the same clock tick as the start must still count as a change
                Files.setLastModifiedTime(cert, FileTime.from(Instant.now().plusSeconds(5)));

                assertEquals(fingerprintOfFile(renewed), servedFingerprint(server.port()));
                assertEquals(fingerprintOfFile(renewed), server.server().tlsFingerprint().orElseThrow());
                TlsFtp.expect(200, running.send("NOOP")); // the session made with the old certificate goes on
                TlsFtp.expect(221, running.send("QUIT"));
            }
        }
    }

    /** A directory holding a fresh self-signed ferry-cert.pem and ferry-key.pem. */
    private Path generated(String name) {
        Path tlsDir = dir.resolve(name);
        TestServer.start(b -> b.tls(TlsMode.AUTO).tlsDir(tlsDir)).close();
        return tlsDir;
    }

    private static String servedFingerprint(int port) throws Exception {
        try (TlsFtp ftp = TlsFtp.explicit(port, "TLSv1.3")) {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(ftp.serverCertificate().getEncoded()));
        }
    }

    private static String fingerprintOfFile(Path tlsDir) throws Exception {
        Certificate cert = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(tlsDir.resolve("ferry-cert.pem")));
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }

    private static PrivateKey readKey(Path file) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file)))) {
            return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
        }
    }
}
