package dev.ferry.client;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The client's trust manager: checks the server's certificate as {@link CertificateTrust} says, and when it
 * refuses one, says why in words ({@link Refused}). It also notes each handshake in which it saw a
 * certificate: a handshake that resumed a session presents none, which is how the client knows that a data
 * connection resumed the control connection's TLS session.
 */
final class CertificateVerifier extends X509ExtendedTrustManager {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /** A refusal with the words for it; JSSE wraps it in its handshake exception. */
    static final class Refused extends CertificateException {
        private final String problem;
        private final X509Certificate certificate;

        Refused(String problem, X509Certificate certificate, Throwable cause) {
            super(problem, cause);
            this.problem = problem;
            this.certificate = certificate;
        }

        String problem() {
            return problem;
        }

        X509Certificate certificate() {
            return certificate;
        }
    }

    private final CertificateTrust trust;
    /** The runtime's own trust manager, for {@link CertificateTrust.SystemTrustStore}. */
    private final X509ExtendedTrustManager system;
    private final Set<Object> verified = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    CertificateVerifier(CertificateTrust trust) throws GeneralSecurityException {
        this.trust = trust;
        this.system = trust instanceof CertificateTrust.SystemTrustStore ? systemTrustManager() : null;
    }

    private static X509ExtendedTrustManager systemTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the Java runtime has no X.509 trust manager");
    }

    /** True once: when this connection's handshake checked a certificate (a full handshake). */
    boolean verifiedCertificate(Object connection) {
        return verified.remove(connection);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain, () -> system.checkServerTrusted(chain, authType, socket), authType);
        verified.add(socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, () -> system.checkServerTrusted(chain, authType, engine), authType);
        verified.add(engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, () -> system.checkServerTrusted(chain, authType), authType);
    }

    private interface Check {
        void run() throws CertificateException;
    }

    private void check(X509Certificate[] chain, Check systemCheck, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server presented no certificate");
        }
        X509Certificate leaf = chain[0];
        switch (trust) {
            case CertificateTrust.Insecure insecure -> { }
            case CertificateTrust.Pinned pinned -> {
                Fingerprint presented = Fingerprint.of(leaf);
                if (!presented.equals(pinned.fingerprint())) {
                    throw new Refused("it is not the pinned certificate " + pinned.fingerprint(), leaf, null);
                }
            }
            case CertificateTrust.SystemTrustStore systemTrustStore -> {
                try {
                    systemCheck.run();
                } catch (CertificateException e) {
                    throw new Refused(explain(chain, authType, e), leaf, e);
                }
            }
        }
    }

    /**
     * Why the runtime refused a chain. Checked again without the host name: if the chain passes then, the
     * host name was the problem.
     */
    private String explain(X509Certificate[] chain, String authType, CertificateException failure) {
        X509Certificate leaf = chain[0];
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            return "it expired on " + DAY.format(leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            return "it is not valid before " + DAY.format(leaf.getNotBefore().toInstant());
        }
        try {
            system.checkServerTrusted(chain, authType);
            return "it is issued for " + names(leaf) + ", not for the host name the client connected to ("
                    + failure.getMessage() + ")";
        } catch (CertificateException e) {
            if (chain.length == 1 && leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
                return "it is self-signed, and the system trust store does not hold it";
            }
            return "no authority in the system trust store vouches for it (" + e.getMessage() + ")";
        }
    }

    /** The DNS names and addresses a certificate is for, or its subject when it lists none. */
    private static String names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> name : alternatives) {
                    int type = (Integer) name.get(0);
                    if (type == 2 || type == 7) { // dNSName, iPAddress (RFC 5280 §4.2.1.6)
                        names.add(String.valueOf(name.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // fall back to the subject
        }
        return names.isEmpty() ? certificate.getSubjectX500Principal().getName() : String.join(", ", names);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return system == null ? new X509Certificate[0] : system.getAcceptedIssuers();
    }
}
