package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.server.FileTrees;
import dev.ferry.server.PeerRequirement;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * vsftpd, Debian's package, run as a child process on loopback: a temporary folder holds its config, log and
 * the root that {@link VsftpdAccount#USER} sees as {@code /}. The binary is {@code $FERRY_VSFTPD} or
 * {@code /usr/sbin/vsftpd}. vsftpd needs root (it authenticates local users through PAM and changes to
 * them); without root or the binary the test is skipped, or fails under {@code FERRY_REQUIRE_PEERS=1}.
 * {@link #close} waits for the sessions to end, stops vsftpd and any session process left by PID, and deletes
 * the folder.
 */
final class VsftpdServer implements PeerServer {

    /** Where to find vsftpd when it is not installed as a package (test.sh unpacks it there). */
    static final String BINARY_VARIABLE = "FERRY_VSFTPD";
    static final int PASSIVE_MIN_PORT = 44000;
    static final int PASSIVE_MAX_PORT = 44999;

    private static final Path PACKAGED_BINARY = Path.of("/usr/sbin/vsftpd");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SESSION_END_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int START_ATTEMPTS = 5;

    private final Process process;
    private final int port;
    private final Path folder;
    private final Path root;
    private final Set<Feature> features;
    private final VsftpdAccount account;

    private VsftpdServer(Process process, int port, Path folder, Path root, Set<Feature> features,
                         VsftpdAccount account) {
        this.process = process;
        this.port = port;
        this.folder = folder;
        this.root = root;
        this.features = features;
        this.account = account;
    }

    static VsftpdServer start() {
        return builder().start();
    }

    static Builder builder() {
        return new Builder();
    }

    /** The options tests vary; vsftpd's own defaults where not said otherwise. */
    static final class Builder {
        private boolean passive = true;
        private boolean active = true;
        private boolean asciiConversion = false;
        private TlsMode tls = TlsMode.NONE;
        private String maxTlsVersion = "";
        private final List<String> extraConfig = new ArrayList<>();

        private Builder() {
        }

        /** {@code pasv_enable}: PASV and EPSV. */
        Builder passive(boolean enabled) {
            passive = enabled;
            return this;
        }

        /** {@code port_enable}: PORT and EPRT. */
        Builder active(boolean enabled) {
            active = enabled;
            return this;
        }

        /** {@code ascii_upload_enable} and {@code ascii_download_enable}; off by default, as in vsftpd. */
        Builder asciiConversion(boolean enabled) {
            asciiConversion = enabled;
            return this;
        }

        /**
         * FTPS with {@link TestCertificate}, as strict as vsftpd gets: TLS required for the login and the data
         * ({@code force_local_logins_ssl}, {@code force_local_data_ssl}), and data connections must resume the
         * control connection's TLS session ({@code require_ssl_reuse}). {@code debug_ssl} logs each
         * connection's TLS version and cipher.
         */
        Builder tls(TlsMode mode) {
            tls = mode;
            return this;
        }

        /**
         * The highest TLS version vsftpd offers, say {@code TLSv1.2}: vsftpd 3.0.3 has no setting for it, so
         * its OpenSSL is given a config file ({@code OPENSSL_CONF}) with {@code MaxProtocol}.
         */
        Builder maxTlsVersion(String version) {
            maxTlsVersion = version;
            return this;
        }

        /** A raw {@code key=value} line, written after the others (vsftpd keeps the last value of a key). */
        Builder config(String line) {
            if (line.contains("\n")) {
                throw new IllegalArgumentException("one config line at a time: " + line);
            }
            extraConfig.add(line);
            return this;
        }

        VsftpdServer start() {
            return VsftpdServer.start(this);
        }

        private Set<Feature> features() {
            Set<Feature> features = EnumSet.noneOf(Feature.class);
            if (passive) {
                features.addAll(EnumSet.of(Feature.PASV, Feature.EPSV));
            }
            if (active) {
                features.addAll(EnumSet.of(Feature.PORT, Feature.EPRT));
            }
            if (asciiConversion) {
                features.add(Feature.ASCII_CONVERSION);
            }
            return features;
        }

        private List<String> tlsConfig(TestCertificate.Pem pem) {
            if (tls == TlsMode.NONE) {
                return List.of();
            }
            return List.of(
                    "ssl_enable=YES",
                    "implicit_ssl=" + yesNo(tls == TlsMode.IMPLICIT),
                    "rsa_cert_file=" + pem.certificate(),
                    "rsa_private_key_file=" + pem.key(),
                    "force_local_logins_ssl=YES",
                    "force_local_data_ssl=YES",
                    "require_ssl_reuse=YES",
                    // vsftpd 3.0.3's default, DES-CBC3-SHA, is one that no current TLS 1.2 client offers
                    "ssl_ciphers=HIGH",
                    "debug_ssl=YES");
        }

        private String config(int port, Path root, Path emptyFolder, Path log, List<String> tlsConfig) {
            List<String> lines = new ArrayList<>(List.of(
                    // Standalone and in the foreground, so that this JVM owns the process and its PID.
                    "listen=YES",
                    "listen_ipv6=NO",
                    "listen_address=127.0.0.1",
                    "listen_port=" + port,
                    "background=NO",
                    "anonymous_enable=NO",
                    "local_enable=YES",
                    "write_enable=YES",
                    "local_umask=022",
                    "file_open_mode=0666",
                    // vsftpd changes to the user's home, then to local_root, and chroots there.
                    "local_root=" + root,
                    "chroot_local_user=YES",
                    "allow_writeable_chroot=YES",
                    "secure_chroot_dir=" + emptyFolder,
                    "pam_service_name=" + VsftpdAccount.PAM_SERVICE,
                    "userlist_enable=NO",
                    "tcp_wrappers=NO",
                    "pasv_enable=" + yesNo(passive),
                    // pasv_address stays unset: 227 then carries the control connection's local address.
                    "pasv_min_port=" + PASSIVE_MIN_PORT,
                    "pasv_max_port=" + PASSIVE_MAX_PORT,
                    "port_enable=" + yesNo(active),
                    "connect_from_port_20=NO",
                    "ascii_upload_enable=" + yesNo(asciiConversion),
                    "ascii_download_enable=" + yesNo(asciiConversion),
                    "utf8_filesystem=YES",
                    "delay_failed_login=0",
                    "use_localtime=NO",
                    // One log, in the folder: every command and reply (passwords masked), and the transfers.
                    "xferlog_enable=YES",
                    "xferlog_std_format=NO",
                    "log_ftp_protocol=YES",
                    "syslog_enable=NO",
                    "vsftpd_log_file=" + log));
            lines.addAll(tlsConfig);
            lines.addAll(extraConfig);
            return String.join("\n", lines) + "\n";
        }

        private static String yesNo(boolean value) {
            return value ? "YES" : "NO";
        }
    }

    private static VsftpdServer start(Builder builder) {
        Path binary = binary();
        requireRoot();
        VsftpdAccount account = VsftpdAccount.ensure();
        Path folder = null;
        boolean started = false;
        try {
            folder = Files.createTempDirectory("ferry-vsftpd");
            // The account must get through the folder to its root.
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path root = Files.createDirectory(folder.resolve("root"));
            account.own(root);
            // vsftpd's unprivileged process chroots here: it must be root's and not writable by others.
            Path empty = Files.createDirectory(folder.resolve("empty"));
            Path config = folder.resolve("vsftpd.conf");
            Path log = folder.resolve("vsftpd.log");
            Path output = folder.resolve("vsftpd.out");
            List<String> tlsConfig = builder.tls == TlsMode.NONE ? List.of()
                    : builder.tlsConfig(TestCertificate.get().writePem(folder, "vsftpd"));
            for (int attempt = 1; ; attempt++) {
                int port = freePort();
                Files.writeString(config, builder.config(port, root, empty, log, tlsConfig));
                ProcessBuilder command = new ProcessBuilder(binary.toString(), config.toString())
                        .directory(folder.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile());
                if (!builder.maxTlsVersion.isEmpty()) {
                    Path openssl = folder.resolve("openssl.cnf");
                    Files.writeString(openssl, String.join("\n", "openssl_conf = ferry", "[ferry]",
                            "ssl_conf = ferry_ssl", "[ferry_ssl]", "system_default = ferry_tls", "[ferry_tls]",
                            "MaxProtocol = " + builder.maxTlsVersion, "") + "\n");
                    command.environment().put("OPENSSL_CONF", openssl.toString());
                }
                Process process = command.start();
                boolean greeted = false;
                try {
                    greeted = awaitGreeting(process, port, builder.tls == TlsMode.IMPLICIT);
                } finally {
                    if (!greeted) {
                        stop(process.toHandle());
                    }
                }
                if (greeted) {
                    started = true;
                    return new VsftpdServer(process, port, folder, root, builder.features(), account);
                }
                String said = Files.readString(output) + tail(log);
                // Another process may take the free port before vsftpd binds it: try another.
                if (!said.contains("could not bind") || attempt == START_ATTEMPTS) {
                    throw new IllegalStateException("vsftpd (" + binary + ") did not start on 127.0.0.1:" + port
                            + " within " + START_TIMEOUT + "\n" + said);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!started && folder != null) {
                FileTrees.deleteTree(folder);
            }
        }
    }

    private static Path binary() {
        String variable = System.getenv(BINARY_VARIABLE);
        Path binary = variable == null || variable.isBlank() ? PACKAGED_BINARY : Path.of(variable);
        if (!Files.isExecutable(binary)) {
            PeerRequirement.missing("vsftpd is not at " + binary + "; install the Debian package 'vsftpd', or"
                    + " unpack it and set " + BINARY_VARIABLE + " to its usr/sbin/vsftpd (test.sh does that)");
        }
        return binary;
    }

    private static void requireRoot() {
        try {
            // /proc/self belongs to the process's effective user.
            int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (uid != 0) {
                PeerRequirement.missing("vsftpd tests need root (to add the local user " + VsftpdAccount.USER
                        + " and let vsftpd switch to it); running as uid " + uid);
            }
        } catch (IOException | UnsupportedOperationException e) {
            PeerRequirement.missing("vsftpd tests need Linux and root: " + e);
        }
    }

    /** A port free now; vsftpd may still lose it to another process, which {@link #start} retries. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * True once the port answers with a 220 greeting (over TLS for implicit FTPS); false if vsftpd exits or
     * stays silent.
     */
    private static boolean awaitGreeting(Process process, int port, boolean implicitTls) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                plain.setSoTimeout(5000);
                Socket socket = implicitTls ? TestCertificate.trustingClientContext().getSocketFactory()
                        .createSocket(plain, "127.0.0.1", port, true) : plain;
                String greeting = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                socket.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.close();
                return greeting != null && greeting.startsWith("220 ");
            } catch (ConnectException notYet) {
                sleep(Duration.ofMillis(20));
            }
        }
        return false;
    }

    @Override
    public String name() {
        return "vsftpd";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String user() {
        return VsftpdAccount.USER;
    }

    @Override
    public String password() {
        return VsftpdAccount.PASSWORD;
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public Set<Feature> features() {
        return Set.copyOf(features);
    }

    /** vsftpd serves {@link VsftpdAccount#USER}, not the test's user: the account must own what it may change. */
    @Override
    public void handOver(Path path) {
        account.own(path);
    }

    /** The last lines of vsftpd's log (each session's commands and replies, and its transfers), for messages. */
    String log() {
        return tail(folder.resolve("vsftpd.log"));
    }

    /**
     * The lines {@code debug_ssl} logs for each TLS connection, control and data, in order: version, cipher,
     * and "reused" or "not reused" for the session.
     */
    List<String> tlsLog() {
        try {
            return Files.readAllLines(folder.resolve("vsftpd.log"), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains("\"SSL version: ")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Each session is a pair of processes under vsftpd's; a client that hung up leaves none. Those still there
     * after a grace period fail the test, once everything is stopped and deleted.
     */
    @Override
    public void close() {
        List<ProcessHandle> sessions = List.of();
        String log = "";
        try {
            sessions = awaitSessionsEnded();
            log = sessions.isEmpty() ? "" : log();
        } finally {
            try {
                stop(process.toHandle());
                sessions.forEach(VsftpdServer::stop);
            } finally {
                FileTrees.deleteTree(folder);
            }
        }
        assertEquals(List.of(), sessions.stream().map(ProcessHandle::pid).toList(),
                "vsftpd session processes left running\n" + log);
    }

    private List<ProcessHandle> awaitSessionsEnded() {
        long deadline = System.nanoTime() + SESSION_END_TIMEOUT.toNanos();
        List<ProcessHandle> sessions = process.descendants().toList();
        while (!sessions.isEmpty() && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(20));
            sessions = process.descendants().toList();
        }
        return sessions;
    }

    /** SIGTERM, then SIGKILL: only ever this fixture's own processes, by their PID. */
    private static void stop(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        if (!awaitExit(handle)) {
            handle.destroyForcibly();
            if (!awaitExit(handle)) {
                throw new IllegalStateException("vsftpd process " + handle.pid() + " would not die");
            }
        }
    }

    private static boolean awaitExit(ProcessHandle handle) {
        try {
            handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return "";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "vsftpd on " + host() + ":" + port;
    }
}
