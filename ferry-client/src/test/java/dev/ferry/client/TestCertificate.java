package dev.ferry.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * A self-signed RSA certificate for {@code localhost} and {@code 127.0.0.1}, made once per test run with the
 * JDK's keytool, for the peer servers' TLS: as a PKCS#12 key store (Java servers) or PEM files (vsftpd).
 */
final class TestCertificate {

    static final String SUBJECT = "CN=ferry-test";
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static TestCertificate instance;

    private final KeyStore keyStore;
    private final X509Certificate certificate;
    private final PrivateKey key;

    private TestCertificate(KeyStore keyStore) throws GeneralSecurityException {
        this.keyStore = keyStore;
        this.certificate = (X509Certificate) keyStore.getCertificate("server");
        this.key = (PrivateKey) keyStore.getKey("server", PASSWORD);
    }

    static synchronized TestCertificate get() {
        if (instance == null) {
            instance = generate();
        }
        return instance;
    }

    private static TestCertificate generate() {
        Path folder = null;
        try {
            folder = Files.createTempDirectory("ferry-cert");
            Path store = folder.resolve("server.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-keystore", store.toString(),
                    "-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-alias", "server", "-keyalg", "RSA",
                    "-keysize", "2048", "-validity", "30", "-dname", SUBJECT, "-ext", "SAN=dns:localhost,ip:127.0.0.1")
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, PASSWORD);
            }
            return new TestCertificate(keyStore);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (folder != null) {
                dev.ferry.server.FileTrees.deleteTree(folder);
            }
        }
    }

    X509Certificate certificate() {
        return certificate;
    }

    Fingerprint fingerprint() {
        return Fingerprint.of(certificate);
    }

    KeyStore keyStore() {
        return keyStore;
    }

    char[] password() {
        return PASSWORD.clone();
    }

    /** A server's TLS context with this certificate. */
    SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context that accepts any certificate (the client's own insecure check): for fixtures' probes. */
    static SSLContext trustingClientContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new CertificateVerifier(CertificateTrust.insecure())}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the certificate and its key as PEM files ({@code name}.crt, {@code name}.key, the key 0600). */
    Pem writePem(Path folder, String name) throws IOException {
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Path cert = folder.resolve(name + ".crt");
        Path keyFile = folder.resolve(name + ".key");
        try {
            Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n" + base64.encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        // PKCS#8, which OpenSSL reads as "PRIVATE KEY"
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n" + base64.encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        return new Pem(cert, keyFile);
    }

    record Pem(Path certificate, Path key) { }
}
