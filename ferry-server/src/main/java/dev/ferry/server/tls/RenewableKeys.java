package dev.ferry.server.tls;

import dev.ferry.server.config.ConfigException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's key and certificate, read again when their files change: each full handshake first looks at
 * the files' modification times and sizes, so a renewed certificate is served from the next handshake on,
 * without a restart, while running sessions and resumptions carry on. A renewal that cannot be read (half
 * written, a key that does not match) is logged and the current certificate stays.
 *
 * <p>Each generation of the material has its own alias, so a handshake that chose an alias just before a
 * reload still gets the key and chain that belong together.
 */
final class RenewableKeys extends X509ExtendedKeyManager {

    private static final System.Logger LOG = System.getLogger(RenewableKeys.class.getName());

    /** One loaded generation and the state of the files it came from. */
    private record Loaded(int generation, KeyMaterial material, List<String> stamp) {
        String alias() {
            return "ferry-" + generation;
        }
    }

    private final Path cert;
    private final Optional<Path> key;
    private final String password;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Loaded current;
    private volatile Loaded previous;
    private List<String> failedStamp = List.of();

    RenewableKeys(Path cert, Optional<Path> key, String password) throws ConfigException {
        this.cert = cert;
        this.key = key;
        this.password = password;
        List<String> stamp = stamp();
        this.current = new Loaded(1, CertificateFiles.load(cert, key, password), stamp);
        this.previous = current;
    }

    KeyMaterial material() {
        return current.material();
    }

    /** Reads the files again if they changed since they were loaded. */
    void reloadIfChanged() {
        List<String> stamp = stamp();
        if (stamp.equals(current.stamp()) || !lock.tryLock()) {
            return; // unchanged, or another handshake is reloading right now
        }
        try {
            if (stamp.equals(current.stamp()) || stamp.equals(failedStamp)) {
                return;
            }
            KeyMaterial renewed = CertificateFiles.load(cert, key, password);
            previous = current;
            current = new Loaded(current.generation() + 1, renewed, stamp);
            LOG.log(Level.INFO, "TLS certificate reloaded from " + cert + ": " + renewed.fingerprint()
                    + ", valid until " + renewed.leaf().getNotAfter().toInstant());
        } catch (ConfigException e) {
            failedStamp = stamp;
            LOG.log(Level.WARNING, "TLS certificate not reloaded, the current one stays: " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private List<String> stamp() {
        List<String> stamp = new ArrayList<>();
        for (Path file : key.isPresent() ? List.of(cert, key.get()) : List.of(cert)) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                stamp.add(attributes.lastModifiedTime() + "/" + attributes.size());
            } catch (IOException e) {
                stamp.add("missing");
            }
        }
        return List.copyOf(stamp);
    }

    private Optional<Loaded> byAlias(String alias) {
        Loaded now = current;
        Loaded before = previous;
        return now.alias().equals(alias) ? Optional.of(now)
                : before.alias().equals(alias) ? Optional.of(before) : Optional.empty();
    }

    // JSSE asks for an alias at each full handshake (a resumption needs no certificate) and then checks that
    // the key fits the key type of the cipher suite; one certificate serves every key type it fits.

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        reloadIfChanged();
        return current.alias();
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        reloadIfChanged();
        return current.alias();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return new String[] {current.alias()};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return byAlias(alias).map(l -> l.material().chain().toArray(X509Certificate[]::new)).orElse(null);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return byAlias(alias).map(l -> l.material().key()).orElse(null);
    }

    // A server: no client certificates.

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
