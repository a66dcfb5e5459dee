package dev.ferry.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one table of configuration keys. The config file and the command line both go through it, so a key
 * and its flag ({@code passive-ports} and {@code --passive-ports}) cannot drift apart.
 */
public final class ConfigKeys {

    /** One key: its name, what it means, and how to read it from text and show it back. */
    public record Key(String name, String label, String help, BiConsumer<ServerConfig.Builder, String> setter,
                      Function<ServerConfig, String> printer) {

        /** The value a flag given without one stands for ({@code --anonymous}, {@code --tls-required}). */
        public Optional<String> valueOfBareFlag() {
            return label.equals("BOOL") ? Optional.of("true")
                    : name.equals("tls-required") ? Optional.of(TlsRequirement.ALL.toString()) : Optional.empty();
        }

        public void apply(ServerConfig.Builder builder, String text) throws ConfigException {
            try {
                setter.accept(builder, text.strip());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, e.getMessage());
            }
        }
    }

    public static final List<Key> ALL = List.of(
            key("bind", "ADDRESS", "Address of the control listener (default: all addresses).",
                    (b, v) -> b.bindAddress(v), c -> c.bindAddress()),
            key("port", "N", "Control port (default 2121; 21 needs CAP_NET_BIND_SERVICE).",
                    (b, v) -> b.port(integer(v)), c -> Integer.toString(c.port())),
            key("root", "DIR", "Folder served; the virtual root of anonymous users and the default user.",
                    (b, v) -> b.root(Path.of(v)), c -> c.root().toString()),
            key("users", "FILE", "Users file (see 'ferry user'); without one a user 'ferry' gets a password printed at start.",
                    (b, v) -> b.usersFile(v.isEmpty() ? null : Path.of(v)), c -> optional(c.usersFile())),
            key("anonymous", "BOOL", "Allow anonymous read-only login (users 'anonymous' and 'ftp').",
                    (b, v) -> b.anonymous(bool(v)), c -> Boolean.toString(c.anonymous())),
            key("passive-mode", "BOOL", "Allow PASV and EPSV.",
                    (b, v) -> b.passiveMode(bool(v)), c -> Boolean.toString(c.passiveMode())),
            key("passive-ports", "MIN-MAX", "Ports for passive data connections; open them in the firewall.",
                    (b, v) -> b.passivePorts(PortRange.parse(v)), c -> c.passivePorts().toString()),
            key("passive-address", "HOST", "Address announced in 227 replies to clients outside the local networks: "
                    + "the public IP or a host name (resolved again every passive-address-ttl).",
                    (b, v) -> b.passiveAddress(v), c -> optional(c.passiveAddress())),
            key("passive-address-ttl", "DURATION", "How long a resolved passive-address host name is used.",
                    (b, v) -> b.passiveAddressTtl(duration(v)), c -> duration(c.passiveAddressTtl())),
            key("local-networks", "CIDR,...", "Clients in these networks get the local address in 227 replies "
                    + "(default: the private, loopback and link-local networks of the server's interfaces).",
                    (b, v) -> b.localNetworks(cidrs(v)),
                    c -> c.localNetworks().stream().map(Cidr::toString).collect(Collectors.joining(","))),
            key("passive-allow-foreign", "BOOL", "Accept passive data connections from an address other than the "
                    + "client's (unsafe: RFC 2577 port theft).",
                    (b, v) -> b.passiveAllowForeign(bool(v)), c -> Boolean.toString(c.passiveAllowForeign())),
            key("active-mode", "BOOL", "Allow PORT and EPRT.",
                    (b, v) -> b.activeMode(bool(v)), c -> Boolean.toString(c.activeMode())),
            key("data-port", "N", "Source port of active data connections (default: control port - 1; 0: any).",
                    (b, v) -> b.dataPort(integer(v)), c -> Integer.toString(c.dataPort())),
            key("active-allow-foreign", "BOOL", "Allow PORT/EPRT to another host or to a port below 1024 "
                    + "(unsafe: RFC 2577 bounce attacks).",
                    (b, v) -> b.activeAllowForeign(bool(v)), c -> Boolean.toString(c.activeAllowForeign())),
            key("tls", "off|auto|on", "FTPS (AUTH TLS, RFC 4217). auto: the certificate of tls-cert, else a self-signed "
                    + "one made once and kept in tls-dir; on: tls-cert must be given; off: plain FTP only.",
                    (b, v) -> b.tls(TlsMode.parse(v)), c -> c.tls().toString()),
            key("tls-cert", "FILE", "Certificate: a PEM chain (leaf first) with tls-key, or a PKCS#12 file (.p12, .pfx) "
                    + "holding the key too. Renewed files are served from the next handshake on, without a restart.",
                    (b, v) -> b.tlsCert(v.isEmpty() ? null : Path.of(v)), c -> optional(c.tlsCert())),
            key("tls-key", "FILE", "Private key of tls-cert: PEM, PKCS#8 or traditional (RSA, EC), unencrypted.",
                    (b, v) -> b.tlsKey(v.isEmpty() ? null : Path.of(v)), c -> optional(c.tlsKey())),
            key("tls-password", "TEXT", "Password of a PKCS#12 tls-cert.",
                    (b, v) -> b.tlsPassword(v), c -> c.tlsPassword().isEmpty() ? "" : "********"),
            key("tls-dir", "DIR", "Where tls: auto keeps its self-signed certificate (default: the users file's folder, "
                    + "else the current folder).",
                    (b, v) -> b.tlsDir(v.isEmpty() ? null : Path.of(v)), c -> optional(c.tlsDir())),
            key("implicit-port", "N", "Also listen for implicit FTPS (TLS from the first byte, as port 990) on port N "
                    + "(default: off).",
                    (b, v) -> b.implicitPort(v.isEmpty() ? null : integer(v)), c -> optional(c.implicitPort())),
            key("tls-required", "none|login|data|all", "What must use TLS: the login (USER and PASS after AUTH TLS), the "
                    + "data connections (PROT P), or all (the flag alone); a user's 'tls' in the users file overrides it.",
                    (b, v) -> b.tlsRequired(TlsRequirement.parse(v)), c -> c.tlsRequired().toString()),
            key("tls-session-reuse", "BOOL", "A protected data connection must resume the control connection's TLS "
                    + "session (RFC 4217 §10); turn off only for clients that cannot (ftplib, Commons Net).",
                    (b, v) -> b.tlsSessionReuse(bool(v)), c -> Boolean.toString(c.tlsSessionReuse())),
            key("idle-timeout", "DURATION", "Close a session idle this long (421).",
                    (b, v) -> b.idleTimeout(duration(v)), c -> duration(c.idleTimeout())),
            key("data-timeout", "DURATION", "Wait this long for a data connection to open (425).",
                    (b, v) -> b.dataTimeout(duration(v)), c -> duration(c.dataTimeout())),
            key("stall-timeout", "DURATION", "Abort a transfer that moves no byte for this long (426).",
                    (b, v) -> b.stallTimeout(duration(v)), c -> duration(c.stallTimeout())),
            key("login-timeout", "DURATION", "Close a connection that has not logged in this long after connecting (421).",
                    (b, v) -> b.loginTimeout(duration(v)), c -> duration(c.loginTimeout())),
            key("min-data-rate", "BYTES/S", "Abort a transfer that averages less than this over a stall-timeout "
                    + "(426; 0: off, only a transfer that moves nothing is aborted).",
                    (b, v) -> b.minDataRate(ByteSize.parse(v)), c -> ByteSize.format(c.minDataRate())),
            key("max-download-rate", "BYTES/S", "Bandwidth all downloads share, such as 10M (0: unlimited); a user's "
                    + "download-rate in the users file limits that user's downloads too.",
                    (b, v) -> b.maxDownloadRate(ByteSize.parse(v)), c -> ByteSize.format(c.maxDownloadRate())),
            key("max-upload-rate", "BYTES/S", "Bandwidth all uploads share (0: unlimited); per user: upload-rate.",
                    (b, v) -> b.maxUploadRate(ByteSize.parse(v)), c -> ByteSize.format(c.maxUploadRate())),
            key("atomic-uploads", "BOOL", "Write an upload under a hidden name (.ferry-upload.NAME) and rename it over "
                    + "the file only when complete; a cut-off upload stays hidden until REST + STOR resumes it.",
                    (b, v) -> b.atomicUploads(bool(v)), c -> Boolean.toString(c.atomicUploads())),
            key("max-sessions", "N", "Sessions at once; more get 421.",
                    (b, v) -> b.maxSessions(integer(v)), c -> Integer.toString(c.maxSessions())),
            key("max-sessions-per-address", "N", "Sessions at once from one client address; more get 421.",
                    (b, v) -> b.maxSessionsPerAddress(integer(v)), c -> Integer.toString(c.maxSessionsPerAddress())),
            key("max-login-attempts", "N", "Failed logins before the session is closed.",
                    (b, v) -> b.maxLoginAttempts(integer(v)), c -> Integer.toString(c.maxLoginAttempts())),
            key("login-failure-delay", "DURATION", "Pause before answering a failed login.",
                    (b, v) -> b.loginFailureDelay(duration(v)), c -> duration(c.loginFailureDelay())),
            key("max-commands-before-login", "N", "Commands a client may send before it logs in; one more gets 421 "
                    + "and the close, and counts as a failed login.",
                    (b, v) -> b.maxCommandsBeforeLogin(integer(v)), c -> Integer.toString(c.maxCommandsBeforeLogin())),
            key("ban-after", "N", "Failed logins from one address (an IPv6 /64), over any number of sessions, within "
                    + "ban-window that ban it: its connections get 421 (0: no bans).",
                    (b, v) -> b.banAfter(integer(v)), c -> Integer.toString(c.banAfter())),
            key("ban-window", "DURATION", "How long failed logins count towards ban-after, from the first.",
                    (b, v) -> b.banWindow(duration(v)), c -> duration(c.banWindow())),
            key("ban-time", "DURATION", "How long the first ban of an address lasts; each further one doubles.",
                    (b, v) -> b.banTime(duration(v)), c -> duration(c.banTime())),
            key("ban-time-max", "DURATION", "The longest ban; an address is forgiven this long after its last ban ends.",
                    (b, v) -> b.banTimeMax(duration(v)), c -> duration(c.banTimeMax())),
            key("ban-allow", "CIDR,...", "Addresses never banned (default: none; name a local proxy here, or every "
                    + "client behind it shares its bans).",
                    (b, v) -> b.banAllow(cidrs(v)),
                    c -> c.banAllow().stream().map(Cidr::toString).collect(Collectors.joining(","))),
            key("login-cache-ttl", "DURATION", "Remember a verified password this long, so a client that logs in "
                    + "again skips the slow hash (0: off). A changed password misses at once.",
                    (b, v) -> b.loginCacheTtl(duration(v)), c -> duration(c.loginCacheTtl())),
            key("transfer-log", "FILE", "Append one xferlog line per transfer to FILE.",
                    (b, v) -> b.transferLog(v.isEmpty() ? null : Path.of(v)), c -> optional(c.transferLog())),
            key("banner", "TEXT", "Greeting after 220.",
                    (b, v) -> b.banner(v), c -> c.banner()),
            key("shutdown-grace", "DURATION", "On SIGTERM, how long running transfers may finish; then they are aborted (426, then 421).",
                    (b, v) -> b.shutdownGrace(duration(v)), c -> duration(c.shutdownGrace())));

    private static final Map<String, Key> BY_NAME = ALL.stream()
            .collect(Collectors.toMap(Key::name, k -> k, (a, b) -> a, LinkedHashMap::new));

    private ConfigKeys() {
    }

    public static Optional<Key> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The effective config as a config file would state it. */
    public static String toYaml(ServerConfig config) {
        StringBuilder out = new StringBuilder();
        for (Key key : ALL) {
            out.append(key.name()).append(": ").append(yamlScalar(key.printer().apply(config))).append('\n');
        }
        return out.toString();
    }

    private static Key key(String name, String label, String help, BiConsumer<ServerConfig.Builder, String> setter,
                           Function<ServerConfig, String> printer) {
        return new Key(name, label, help, setter, printer);
    }

    private static String yamlScalar(String value) {
        if (value.isEmpty() || !value.matches("[A-Za-z0-9_./:,-]+") || value.matches("(?i)yes|no|on|off|null|~")) {
            return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return value;
    }

    private static String optional(Optional<?> value) {
        return value.map(Object::toString).orElse("");
    }

    static int integer(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, got '" + text + "'");
        }
    }

    static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got '" + text + "'");
        };
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 250ms}, or a number of seconds. */
    static Duration duration(String text) {
        var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration such as 30s, 5m, 1h or 250ms, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** {@code 30s}, {@code 5m}, {@code 250ms}: how config values and replies write a duration. */
    public static String duration(Duration d) {
        if (d.toMillisPart() != 0 || d.isZero()) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    static List<Cidr> cidrs(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Cidr::parse).toList();
    }
}
