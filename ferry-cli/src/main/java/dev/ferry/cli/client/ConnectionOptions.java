package dev.ferry.cli.client;

import dev.ferry.client.CertificateTrust;
import dev.ferry.client.ClientOptions;
import dev.ferry.client.Credentials;
import dev.ferry.client.DataMode;
import dev.ferry.client.Fingerprint;
import dev.ferry.client.FtpClient;
import dev.ferry.client.TraceListener;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every client command shares: how to log in and how to open data connections. */
public final class ConnectionOptions {

    /** The password, when neither the URL nor ~/.netrc has it and no terminal can ask. */
    public static final String PASSWORD_VARIABLE = "FERRY_PASSWORD";

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "auto",
            description = "Data connections: passive (EPSV, PASV), active (EPRT, PORT), or auto: passive, then "
                    + "active if passive fails (default: ${DEFAULT-VALUE}).")
    DataMode mode;

    @Option(names = {"-v", "--verbose"}, description = "Print every command, reply and connection.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"},
            description = "Print only errors: no progress bar, no notices (such as a switch to active mode).")
    boolean quiet;

    @Option(names = {"-u", "--user"}, paramLabel = "USER",
            description = "Log in as USER (the password comes from the URL, ~/.netrc or " + PASSWORD_VARIABLE
                    + ", or is asked for).")
    String user;

    @Option(names = "--netrc-file", paramLabel = "FILE", defaultValue = "${sys:user.home}/.netrc",
            description = "Credentials file (default: ${DEFAULT-VALUE}).")
    Path netrc;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up connecting after this long (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up waiting for a reply after this long (default: ${DEFAULT-VALUE}).")
    Duration replyTimeout;

    @Option(names = "--data-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Abandon a transfer that moves nothing for this long (default: ${DEFAULT-VALUE}).")
    Duration dataTimeout;

    @Option(names = "--keepalive", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Send NOOP this often during transfers so NAT keeps the control connection; "
                    + "0 turns it off (default: ${DEFAULT-VALUE}).")
    Duration keepAlive;

    @Option(names = "--trust-pasv-address",
            description = "Connect to the address in the server's 227 reply, not to the server's own address.")
    boolean trustPassiveAddress;

    @Option(names = "--active-address", paramLabel = "IP",
            description = "Address to announce in active mode (behind NAT with port forwarding).")
    String activeAddress;

    @Option(names = "--active-ports", paramLabel = "FIRST-LAST",
            description = "Local ports to listen on in active mode (for a port forward or firewall rule).")
    String activePorts;

    @Option(names = "--pin", paramLabel = "sha256:HEX",
            description = "FTPS: trust exactly the server certificate with this SHA-256 fingerprint (colons "
                    + "allowed), whoever signed it: for a self-signed server. A refused certificate's message "
                    + "shows its fingerprint.")
    String pin;

    @Option(names = "--insecure",
            description = "FTPS: accept any server certificate. Encrypted, but anyone in between can read it.")
    boolean insecure;

    public DataMode mode() {
        return mode;
    }

    public boolean verbose() {
        return verbose;
    }

    public boolean quiet() {
        return quiet;
    }

    /** The options for a session with the server in {@code url}, whose scheme says whether TLS is used. */
    public ClientOptions clientOptions(FtpUrl url, TraceListener trace) {
        ClientOptions.Builder builder = ClientOptions.builder().mode(mode).connectTimeout(connectTimeout)
                .replyTimeout(replyTimeout).dataTimeout(dataTimeout).keepAlive(keepAlive)
                .trustPassiveAddress(trustPassiveAddress).tls(url.tls()).trust(trust(url)).trace(trace);
        if (activeAddress != null) {
            builder.activeAddress(literalAddress(activeAddress));
        }
        if (activePorts != null) {
            String[] range = activePorts.split("-", 2);
            try {
                builder.activePorts(Integer.parseInt(range[0].strip()),
                        Integer.parseInt(range[range.length - 1].strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--active-ports: '" + activePorts + "' is not FIRST-LAST");
            }
        }
        return builder.build();
    }

    /** The system trust store unless --pin or --insecure says otherwise; both only mean something with TLS. */
    private CertificateTrust trust(FtpUrl url) {
        if (pin != null && insecure) {
            throw new IllegalArgumentException("--pin and --insecure contradict each other; give one");
        }
        if ((pin != null || insecure) && !url.tls().isTls()) {
            throw new IllegalArgumentException((insecure ? "--insecure" : "--pin") + " is for FTPS, and " + url
                    + " is plain FTP (nothing is encrypted); write ftpes:// (explicit FTPS) or ftps:// (implicit)");
        }
        if (insecure) {
            return CertificateTrust.insecure();
        }
        if (pin != null) {
            try {
                return CertificateTrust.pinned(Fingerprint.parse(pin));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--pin: " + e.getMessage());
            }
        }
        return CertificateTrust.systemTrustStore();
    }

    private static InetAddress literalAddress(String text) {
        if (!text.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new IllegalArgumentException("--active-address: '" + text + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(text); // a literal: no lookup
        } catch (IOException e) {
            throw new IllegalArgumentException("--active-address: '" + text + "' is not an IP address");
        }
    }

    /** Connects and logs in; notices (and with --verbose the whole trace) go to {@code err}. */
    FtpClient connect(FtpUrl url, PrintStream err) throws IOException {
        return connect(url, new TracePrinter(err, verbose, quiet, ""));
    }

    /** As {@link #connect(FtpUrl, PrintStream)}, for one of several sessions: its lines start with {@code label}. */
    FtpClient connect(FtpUrl url, PrintStream err, String label) throws IOException {
        return connect(url, new TracePrinter(err, verbose, quiet, label));
    }

    FtpClient connect(FtpUrl url, TraceListener trace) throws IOException {
        return FtpClient.connect(url.host(), url.port(), credentials(url), clientOptions(url, trace));
    }

    /**
     * Who to log in as: the URL's user, else --user, else the .netrc entry for the host, else anonymous.
     * The password: the URL's, else FERRY_PASSWORD, else .netrc's for that user, else asked on the terminal.
     */
    public Credentials credentials(FtpUrl url) throws IOException {
        Optional<Netrc.Entry> netrcEntry = Netrc.lookup(netrc, url.host());
        Optional<String> login = url.user().or(() -> Optional.ofNullable(user))
                .or(() -> netrcEntry.map(Netrc.Entry::login));
        if (login.isEmpty()) {
            return Credentials.anonymous();
        }
        String name = login.get();
        Optional<String> password = url.password()
                .or(() -> Optional.ofNullable(System.getenv(PASSWORD_VARIABLE)))
                .or(() -> netrcEntry.filter(e -> e.login().equals(name)).flatMap(Netrc.Entry::password));
        if (password.isPresent()) {
            return new Credentials(name, password.get());
        }
        if (name.equals("anonymous") || name.equals("ftp")) {
            return new Credentials(name, Credentials.anonymous().password());
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("no password for " + name + ": put it in the URL, in "
                    + PASSWORD_VARIABLE + " or in " + netrc + ", or run on a terminal to be asked");
        }
        char[] typed = console.readPassword("Password for %s@%s: ", name, url.host());
        if (typed == null) {
            throw new IllegalArgumentException("no password given");
        }
        return new Credentials(name, new String(typed));
    }
}
