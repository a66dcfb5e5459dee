package dev.ferry.server.tls;

import dev.ferry.server.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads a certificate and its key from files (a PEM chain with a PEM key, PKCS#8 or traditional, or one
 * PKCS#12 file), and makes the self-signed certificate of {@code tls: auto}. Problems are config errors
 * naming the key whose file is wrong.
 */
final class CertificateFiles {

    static final String GENERATED_CERT = "ferry-cert.pem";
    static final String GENERATED_KEY = "ferry-key.pem";
    private static final Duration GENERATED_VALIDITY = Duration.ofDays(5 * 365);

    private CertificateFiles() {
    }

    /** Reads {@code cert} (PEM or PKCS#12) and, for PEM, the key from {@code key} or else from {@code cert}. */
    static KeyMaterial load(Path cert, Optional<Path> key, String password) throws ConfigException {
        byte[] bytes = read("tls-cert", cert);
        if (!new String(bytes, StandardCharsets.US_ASCII).contains("-----BEGIN")) {
            return pkcs12(cert, bytes, password);
        }
        PemContents certs = pem("tls-cert", cert);
        if (certs.chain().isEmpty()) {
            throw new ConfigException("tls-cert", cert + " holds no CERTIFICATE block");
        }
        PrivateKey privateKey;
        if (key.isPresent()) {
            privateKey = pem("tls-key", key.get()).key().orElseThrow(() -> new ConfigException("tls-key",
                    key.get() + " holds no PRIVATE KEY block"));
        } else {
            privateKey = certs.key().orElseThrow(() -> new ConfigException("tls-key",
                    "missing: " + cert + " holds no private key; give tls-key"));
        }
        KeyMaterial material = new KeyMaterial(privateKey, certs.chain());
        checkPair(material, key.isPresent() ? "tls-key" : "tls-cert");
        return material;
    }

    /**
     * The self-signed certificate kept in {@code dir}, made on the first call: EC P-256, valid for localhost,
     * 127.0.0.1, ::1 and this host's name. The key file is readable by its owner only.
     */
    static KeyMaterial loadOrGenerate(Path dir) throws ConfigException {
        Path cert = dir.resolve(GENERATED_CERT);
        Path key = dir.resolve(GENERATED_KEY);
        if (Files.exists(cert) || Files.exists(key)) {
            if (!Files.exists(cert) || !Files.exists(key)) {
                throw new ConfigException("tls-dir", dir + " holds only one of " + GENERATED_CERT + " and " + GENERATED_KEY
                        + "; remove it to make a new certificate");
            }
            return load(cert, Optional.of(key), "");
        }
        KeyMaterial material = generate(hostName());
        try {
            Files.createDirectories(dir);
            writeAtomically(key, pemText(new JcaPKCS8Generator(material.key(), null)), true);
            writeAtomically(cert, pemText(material.leaf()), false);
        } catch (IOException e) {
            throw new ConfigException("tls-dir", "cannot keep the generated certificate in " + dir + ": " + e.getMessage());
        }
        return material;
    }

    static KeyMaterial generate(String hostName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=" + hostName.replaceAll("[,+=\"\\\\<>;#]", "-"));
            Set<GeneralName> names = new LinkedHashSet<>(List.of(
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.iPAddress, "::1")));
            if (!hostName.equals("localhost") && hostName.matches("[A-Za-z0-9.-]+")) {
                names.add(new GeneralName(GeneralName.dNSName, hostName));
            }
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(GENERATED_VALIDITY)), subject,
                    pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            return new KeyMaterial(pair.getPrivate(), List.of(new JcaX509CertificateConverter().getCertificate(holder)));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a self-signed certificate", e);
        }
    }

    private record PemContents(List<X509Certificate> chain, Optional<PrivateKey> key) {
    }

    private static PemContents pem(String configKey, Path file) throws ConfigException {
        List<X509Certificate> chain = new ArrayList<>();
        PrivateKey key = null;
        JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object item;
            while ((item = parser.readObject()) != null) {
                switch (item) {
                    case X509CertificateHolder holder -> chain.add(new JcaX509CertificateConverter().getCertificate(holder));
                    // a traditional key (RSA or EC PRIVATE KEY); an EC one may come without its public key
                    case PEMKeyPair pair -> key = keys.getPrivateKey(pair.getPrivateKeyInfo());
                    case PrivateKeyInfo info -> key = keys.getPrivateKey(info);
                    case PEMEncryptedKeyPair ignored -> throw encrypted(configKey, file);
                    case PKCS8EncryptedPrivateKeyInfo ignored -> throw encrypted(configKey, file);
                    default -> {
                        // parameters and other blocks that a key file may carry: not needed
                    }
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new ConfigException(configKey, file + " is not a valid PEM file: " + e.getMessage());
        }
        return new PemContents(chain, Optional.ofNullable(key));
    }

    private static ConfigException encrypted(String configKey, Path file) {
        return new ConfigException(configKey, file + " holds an encrypted key; decrypt it "
                + "(openssl pkey -in KEY -out PLAIN) and keep the plain file readable by the server's user only");
    }

    private static KeyMaterial pkcs12(Path file, byte[] bytes, String password) throws ConfigException {
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Key key = store.getKey(alias, password.toCharArray());
                    Certificate[] chain = store.getCertificateChain(alias);
                    if (key instanceof PrivateKey privateKey && chain != null && chain.length > 0) {
                        KeyMaterial material = new KeyMaterial(privateKey,
                                Arrays.stream(chain).map(X509Certificate.class::cast).toList());
                        checkPair(material, "tls-cert");
                        return material;
                    }
                }
            }
            throw new ConfigException("tls-cert", file + " holds no private key with a certificate");
        } catch (IOException e) {
            throw new ConfigException("tls-cert", file + " is neither PEM nor a PKCS#12 file that tls-password opens: "
                    + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new ConfigException("tls-cert", file + ": " + e.getMessage());
        }
    }

    /** A key that does not belong to the certificate would fail every handshake: refuse it at start. */
    private static void checkPair(KeyMaterial material, String configKey) throws ConfigException {
        String algorithm = switch (material.key().getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> "";
        };
        if (algorithm.isEmpty()) {
            return;
        }
        try {
            byte[] probe = "ferry key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(material.key());
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(material.leaf().getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's: reported below
        }
        throw new ConfigException(configKey, "the private key does not belong to the certificate "
                + material.leaf().getSubjectX500Principal().getName());
    }

    private static byte[] read(String configKey, Path file) throws ConfigException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(configKey, "cannot read " + file + ": " + e);
        }
    }

    private static String pemText(Object item) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(item);
        }
        return text.toString();
    }

    private static String pemText(JcaPKCS8Generator generator) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(generator.generate());
        }
        return text.toString();
    }

    /** Writes through a temporary file created with its final permissions, then renames it into place. */
    private static void writeAtomically(Path file, String text, boolean secret) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp;
        try {
            temp = Files.createTempFile(dir, ".ferry-tls", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")));
        } catch (UnsupportedOperationException e) {
            temp = Files.createTempFile(dir, ".ferry-tls", ".tmp"); // not a POSIX file system
        }
        try {
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
