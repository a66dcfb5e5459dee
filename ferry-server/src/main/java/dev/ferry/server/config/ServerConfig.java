package dev.ferry.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the server can be told, immutable. Every component is a key of the config file and a
 * command-line flag of the same name in kebab case (see {@link ConfigKeys}); the defaults sit in
 * {@link Builder}.
 *
 * @param bindAddress the address the control listener binds, empty for all addresses
 * @param dataPort the source port of active data connections; -1 means control port - 1, 0 any port
 * @param localNetworks clients in these networks are given the local address in 227 replies; empty means
 *                      the private, loopback and link-local networks the server's interfaces sit in
 * @param tlsDir where {@code tls: auto} keeps its generated certificate; empty means the users file's folder,
 *               else the current folder
 * @param implicitPort the port of the implicit FTPS listener (TLS from the first byte), empty when off
 * @param minDataRate bytes/s a transfer must average over each stall-timeout window; 0: only a full stall ends it
 * @param maxDownloadRate bytes/s that all downloads of the server share; 0: unlimited (so is maxUploadRate)
 */
public record ServerConfig(
        String bindAddress,
        int port,
        Path root,
        Optional<Path> usersFile,
        boolean anonymous,
        boolean passiveMode,
        PortRange passivePorts,
        Optional<String> passiveAddress,
        Duration passiveAddressTtl,
        List<Cidr> localNetworks,
        boolean passiveAllowForeign,
        boolean activeMode,
        int dataPort,
        boolean activeAllowForeign,
        TlsMode tls,
        Optional<Path> tlsCert,
        Optional<Path> tlsKey,
        String tlsPassword,
        Optional<Path> tlsDir,
        Optional<Integer> implicitPort,
        TlsRequirement tlsRequired,
        boolean tlsSessionReuse,
        Duration idleTimeout,
        Duration dataTimeout,
        Duration stallTimeout,
        Duration loginTimeout,
        long minDataRate,
        long maxDownloadRate,
        long maxUploadRate,
        boolean atomicUploads,
        int maxSessions,
        int maxSessionsPerAddress,
        int maxLoginAttempts,
        Duration loginFailureDelay,
        int maxCommandsBeforeLogin,
        int banAfter,
        Duration banWindow,
        Duration banTime,
        Duration banTimeMax,
        List<Cidr> banAllow,
        Duration loginCacheTtl,
        Optional<Path> transferLog,
        String banner,
        Duration shutdownGrace) {

    public ServerConfig {
        localNetworks = List.copyOf(localNetworks);
        banAllow = List.copyOf(banAllow);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.bindAddress = bindAddress;
        b.port = port;
        b.root = root;
        b.usersFile = usersFile;
        b.anonymous = anonymous;
        b.passiveMode = passiveMode;
        b.passivePorts = passivePorts;
        b.passiveAddress = passiveAddress;
        b.passiveAddressTtl = passiveAddressTtl;
        b.localNetworks = localNetworks;
        b.passiveAllowForeign = passiveAllowForeign;
        b.activeMode = activeMode;
        b.dataPort = dataPort;
        b.activeAllowForeign = activeAllowForeign;
        b.tls = tls;
        b.tlsCert = tlsCert;
        b.tlsKey = tlsKey;
        b.tlsPassword = tlsPassword;
        b.tlsDir = tlsDir;
        b.implicitPort = implicitPort;
        b.tlsRequired = tlsRequired;
        b.tlsSessionReuse = tlsSessionReuse;
        b.idleTimeout = idleTimeout;
        b.dataTimeout = dataTimeout;
        b.stallTimeout = stallTimeout;
        b.loginTimeout = loginTimeout;
        b.minDataRate = minDataRate;
        b.maxDownloadRate = maxDownloadRate;
        b.maxUploadRate = maxUploadRate;
        b.atomicUploads = atomicUploads;
        b.maxSessions = maxSessions;
        b.maxSessionsPerAddress = maxSessionsPerAddress;
        b.maxLoginAttempts = maxLoginAttempts;
        b.loginFailureDelay = loginFailureDelay;
        b.maxCommandsBeforeLogin = maxCommandsBeforeLogin;
        b.banAfter = banAfter;
        b.banWindow = banWindow;
        b.banTime = banTime;
        b.banTimeMax = banTimeMax;
        b.banAllow = banAllow;
        b.loginCacheTtl = loginCacheTtl;
        b.transferLog = transferLog;
        b.banner = banner;
        b.shutdownGrace = shutdownGrace;
        return b;
    }

    /** The source port for active data connections after resolving the default (control port - 1). */
    public int effectiveDataPort(int controlPort) {
        return dataPort == -1 ? Math.max(0, controlPort - 1) : dataPort;
    }

    /** Holds every default. Setters take values; {@link ConfigKeys} parses text into them. */
    public static final class Builder {
        String bindAddress = "";
        int port = 2121;
        Path root = Path.of("ftp-root");
        Optional<Path> usersFile = Optional.empty();
        boolean anonymous = false;
        boolean passiveMode = true;
        // A small range above the IANA dynamic start: a firewall opens 1,000 ports, not the 28,000 of
        // Linux's whole ephemeral range.
        PortRange passivePorts = new PortRange(50000, 50999);
        Optional<String> passiveAddress = Optional.empty();
        Duration passiveAddressTtl = Duration.ofMinutes(1);
        List<Cidr> localNetworks = List.of();
        boolean passiveAllowForeign = false;
        boolean activeMode = true;
        int dataPort = -1;
        boolean activeAllowForeign = false;
        TlsMode tls = TlsMode.AUTO;
        Optional<Path> tlsCert = Optional.empty();
        Optional<Path> tlsKey = Optional.empty();
        String tlsPassword = "";
        Optional<Path> tlsDir = Optional.empty();
        Optional<Integer> implicitPort = Optional.empty();
        TlsRequirement tlsRequired = TlsRequirement.NONE;
        // RFC 4217 §10: a data connection that resumes the control connection's TLS session comes from the
        // client that logged in, not from someone who raced it to the data port.
        boolean tlsSessionReuse = true;
        Duration idleTimeout = Duration.ofMinutes(5);
        Duration dataTimeout = Duration.ofSeconds(30);
        Duration stallTimeout = Duration.ofMinutes(2);
        // A connection that has not logged in holds a session place: vsftpd and ProFTPD give it a minute or so.
        Duration loginTimeout = Duration.ofMinutes(1);
        long minDataRate = 0;
        long maxDownloadRate = 0;
        long maxUploadRate = 0;
        boolean atomicUploads = true;
        int maxSessions = 10_000;
        int maxSessionsPerAddress = 50;
        int maxLoginAttempts = 3;
        Duration loginFailureDelay = Duration.ofSeconds(1);
        // A real client logs in within a handful of commands (FEAT, AUTH, PBSZ, PROT, OPTS, USER, PASS); a
        // client that talks on without logging in is probing.
        int maxCommandsBeforeLogin = 20;
        // Like ProFTPD mod_ban and SFTPGo's defender: a guesser that reconnects after max-login-attempts
        // is still stopped. Each further ban of the same address doubles, up to banTimeMax.
        int banAfter = 10;
        Duration banWindow = Duration.ofMinutes(10);
        Duration banTime = Duration.ofMinutes(15);
        Duration banTimeMax = Duration.ofHours(24);
        // Empty: allowing loopback by default would exempt every client of a local proxy or tunnel from
        // bans, silently; an administrator who wants an exemption names it.
        List<Cidr> banAllow = List.of();
        Duration loginCacheTtl = Duration.ofMinutes(5);
        Optional<Path> transferLog = Optional.empty();
        String banner = "Ferry FTP server ready";
        Duration shutdownGrace = Duration.ofSeconds(30);

        private Builder() {
        }

        public Builder bindAddress(String v) { bindAddress = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder root(Path v) { root = v; return this; }
        public Builder usersFile(Path v) { usersFile = Optional.ofNullable(v); return this; }
        public Builder anonymous(boolean v) { anonymous = v; return this; }
        public Builder passiveMode(boolean v) { passiveMode = v; return this; }
        public Builder passivePorts(PortRange v) { passivePorts = v; return this; }
        public Builder passiveAddress(String v) { passiveAddress = Optional.ofNullable(v).filter(s -> !s.isBlank()); return this; }
        public Builder passiveAddressTtl(Duration v) { passiveAddressTtl = v; return this; }
        public Builder localNetworks(List<Cidr> v) { localNetworks = v; return this; }
        public Builder passiveAllowForeign(boolean v) { passiveAllowForeign = v; return this; }
        public Builder activeMode(boolean v) { activeMode = v; return this; }
        public Builder dataPort(int v) { dataPort = v; return this; }
        public Builder activeAllowForeign(boolean v) { activeAllowForeign = v; return this; }
        public Builder tls(TlsMode v) { tls = v; return this; }
        public Builder tlsCert(Path v) { tlsCert = Optional.ofNullable(v); return this; }
        public Builder tlsKey(Path v) { tlsKey = Optional.ofNullable(v); return this; }
        public Builder tlsPassword(String v) { tlsPassword = v; return this; }
        public Builder tlsDir(Path v) { tlsDir = Optional.ofNullable(v); return this; }
        public Builder implicitPort(Integer v) { implicitPort = Optional.ofNullable(v); return this; }
        public Builder tlsRequired(TlsRequirement v) { tlsRequired = v; return this; }
        public Builder tlsSessionReuse(boolean v) { tlsSessionReuse = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder dataTimeout(Duration v) { dataTimeout = v; return this; }
        public Builder stallTimeout(Duration v) { stallTimeout = v; return this; }
        public Builder loginTimeout(Duration v) { loginTimeout = v; return this; }
        public Builder minDataRate(long v) { minDataRate = v; return this; }
        public Builder maxDownloadRate(long v) { maxDownloadRate = v; return this; }
        public Builder maxUploadRate(long v) { maxUploadRate = v; return this; }
        public Builder atomicUploads(boolean v) { atomicUploads = v; return this; }
        public Builder maxSessions(int v) { maxSessions = v; return this; }
        public Builder maxSessionsPerAddress(int v) { maxSessionsPerAddress = v; return this; }
        public Builder maxLoginAttempts(int v) { maxLoginAttempts = v; return this; }
        public Builder loginFailureDelay(Duration v) { loginFailureDelay = v; return this; }
        public Builder maxCommandsBeforeLogin(int v) { maxCommandsBeforeLogin = v; return this; }
        public Builder banAfter(int v) { banAfter = v; return this; }
        public Builder banWindow(Duration v) { banWindow = v; return this; }
        public Builder banTime(Duration v) { banTime = v; return this; }
        public Builder banTimeMax(Duration v) { banTimeMax = v; return this; }
        public Builder banAllow(List<Cidr> v) { banAllow = v; return this; }
        public Builder loginCacheTtl(Duration v) { loginCacheTtl = v; return this; }
        public Builder transferLog(Path v) { transferLog = Optional.ofNullable(v); return this; }
        public Builder banner(String v) { banner = v; return this; }
        public Builder shutdownGrace(Duration v) { shutdownGrace = v; return this; }

        /** The config, after the checks that need no I/O; the server checks files and ports at start. */
        public ServerConfig build() throws ConfigException {
            if (port < 0 || port > 65535) {
                throw new ConfigException("port", "must be within 0-65535, got " + port);
            }
            if (dataPort < -1 || dataPort > 65535) {
                throw new ConfigException("data-port", "must be within 0-65535, got " + dataPort);
            }
            if (!passiveMode && !activeMode) {
                throw new ConfigException("passive-mode", "passive and active mode are both off: no transfer could work");
            }
            positive("max-sessions", maxSessions);
            positive("max-sessions-per-address", maxSessionsPerAddress);
            positive("max-login-attempts", maxLoginAttempts);
            positive("idle-timeout", idleTimeout);
            positive("data-timeout", dataTimeout);
            positive("stall-timeout", stallTimeout);
            positive("login-timeout", loginTimeout);
            notNegative("min-data-rate", minDataRate);
            notNegative("max-download-rate", maxDownloadRate);
            notNegative("max-upload-rate", maxUploadRate);
            positive("passive-address-ttl", passiveAddressTtl);
            if (loginFailureDelay.isNegative()) {
                throw new ConfigException("login-failure-delay", "must not be negative");
            }
            positive("max-commands-before-login", maxCommandsBeforeLogin);
            checkBans();
            if (loginCacheTtl.isNegative()) {
                throw new ConfigException("login-cache-ttl", "must not be negative (0 turns the cache off)");
            }
            checkTls();
            if (banner.indexOf('\r') >= 0 || banner.indexOf('\n') >= 0) {
                throw new ConfigException("banner", "must be one line");
            }
            return new ServerConfig(bindAddress, port, root, usersFile, anonymous, passiveMode, passivePorts,
                    passiveAddress, passiveAddressTtl, localNetworks, passiveAllowForeign, activeMode, dataPort,
                    activeAllowForeign, tls, tlsCert, tlsKey, tlsPassword, tlsDir, implicitPort, tlsRequired,
                    tlsSessionReuse, idleTimeout, dataTimeout, stallTimeout, loginTimeout, minDataRate, maxDownloadRate,
                    maxUploadRate, atomicUploads, maxSessions, maxSessionsPerAddress,
                    maxLoginAttempts, loginFailureDelay, maxCommandsBeforeLogin, banAfter, banWindow, banTime,
                    banTimeMax, banAllow, loginCacheTtl, transferLog, banner, shutdownGrace);
        }

        private void checkBans() throws ConfigException {
            if (banAfter < 0) {
                throw new ConfigException("ban-after", "must not be negative (0 turns bans off), got " + banAfter);
            }
            positive("ban-window", banWindow);
            positive("ban-time", banTime);
            if (banTimeMax.compareTo(banTime) < 0) {
                throw new ConfigException("ban-time-max", "must be at least ban-time (" + ConfigKeys.duration(banTime)
                        + "), got " + ConfigKeys.duration(banTimeMax));
            }
        }

        private void checkTls() throws ConfigException {
            if (implicitPort.isPresent() && (implicitPort.get() < 0 || implicitPort.get() > 65535)) {
                throw new ConfigException("implicit-port", "must be within 0-65535, got " + implicitPort.get());
            }
            if (tls == TlsMode.OFF) {
                if (implicitPort.isPresent()) {
                    throw new ConfigException("implicit-port", "implicit FTPS needs TLS, and tls is off");
                }
                if (tlsRequired != TlsRequirement.NONE) {
                    throw new ConfigException("tls-required", "is " + tlsRequired + ", but tls is off");
                }
            }
            if (tlsKey.isPresent() && tlsCert.isEmpty()) {
                throw new ConfigException("tls-key", "given without tls-cert");
            }
            if (tls == TlsMode.ON && tlsCert.isEmpty()) {
                throw new ConfigException("tls-cert", "tls: on needs a certificate (tls-cert, and tls-key unless it is "
                        + "PKCS#12); tls: auto makes a self-signed one");
            }
        }

        private static void positive(String key, int value) throws ConfigException {
            if (value < 1) {
                throw new ConfigException(key, "must be at least 1, got " + value);
            }
        }

        private static void notNegative(String key, long value) throws ConfigException {
            if (value < 0) {
                throw new ConfigException(key, "must not be negative, got " + value);
            }
        }

        private static void positive(String key, Duration value) throws ConfigException {
            if (value.isZero() || value.isNegative()) {
                throw new ConfigException(key, "must be above zero, got " + value);
            }
        }
    }
}
