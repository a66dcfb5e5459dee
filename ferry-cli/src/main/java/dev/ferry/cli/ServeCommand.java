package dev.ferry.cli;

import dev.ferry.server.FtpServer;
import dev.ferry.server.auth.PasswordHash;
import dev.ferry.server.auth.StaticUsers;
import dev.ferry.server.auth.UserEntry;
import dev.ferry.server.auth.UserStore;
import dev.ferry.server.auth.UsersFile;
import dev.ferry.server.config.ConfigException;
import dev.ferry.server.config.ConfigFile;
import dev.ferry.server.config.ConfigKeys;
import dev.ferry.server.config.ServerConfig;
import dev.ferry.server.config.TlsRequirement;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry serve}: runs the server in the foreground. Every config key is also a flag; the flags are
 * made from {@link ConfigKeys} when the command is built, so the two cannot drift apart.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the FTP server in the foreground.",
                "Without a users file, a user 'ferry' with a generated password (printed once) may read and write the root.",
                "Flags override the config file; every flag is also a key of the config file (YAML).",
                "SIGTERM or SIGINT stops it gracefully: sessions without a transfer get 421 at once, running transfers "
                        + "may finish within shutdown-grace, then it exits 0.",
                "SIGHUP (or, with --watch-config, a change of the config file) reloads the config file and the flags "
                        + "without dropping a session; an invalid config is refused and the running one stays. "
                        + "bind, port, implicit-port, root, tls and transfer-log need a restart."})
final class ServeCommand implements Callable<Integer> {

    private static final System.Logger LOG = System.getLogger(ServeCommand.class.getName());
    static final Path DEFAULT_USERS_FILE = Path.of("ferry-users.yml");
    private static final Path DEFAULT_ROOT = Path.of("ftp-root");

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (keys as the flags below).")
    Path configFile;

    @Option(names = "--watch-config", description = "Reload when the config file changes, as SIGHUP does.")
    boolean watchConfig;

    @Option(names = "--print-config", description = "Print the effective config as YAML and exit.")
    boolean printConfig;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "Server log detail: warning, info, or debug (every command and reply; passwords masked).")
    String logLevel;

    /** Adds one flag per config key to the annotated ones. */
    static CommandSpec build() {
        CommandSpec spec = CommandSpec.forAnnotatedObject(new ServeCommand());
        addConfigFlags(spec);
        return spec;
    }

    /** Adds one flag per config key to {@code spec}; {@code ferry firewall} takes the same flags. */
    static void addConfigFlags(CommandSpec spec) {
        ServerConfig defaults;
        try {
            defaults = ServerConfig.builder().build();
        } catch (ConfigException e) {
            throw new IllegalStateException("the defaults are invalid", e);
        }
        for (ConfigKeys.Key key : ConfigKeys.ALL) {
            String defaultValue = key.printer().apply(defaults);
            String help = key.help() + (defaultValue.isEmpty() || key.help().contains("default") ? "" : " Default: " + defaultValue + ".");
            OptionSpec.Builder option = OptionSpec.builder("--" + key.name())
                    .paramLabel(key.label()).description(help).type(String.class);
            key.valueOfBareFlag().ifPresent(value -> option.arity("0..1").fallbackValue(value));
            spec.addOption(option.build());
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServerLogging.configure(logLevel);
        ServerConfig config;
        UserStore users;
        String generatedPassword = null;
        try {
            config = config();
            if (printConfig) {
                out.print(ConfigKeys.toYaml(config));
                out.flush();
                return 0;
            }
            if (config.root().equals(DEFAULT_ROOT) && !Files.exists(DEFAULT_ROOT)) {
                Files.createDirectories(DEFAULT_ROOT);
            }
            if (config.usersFile().isPresent()) {
                users = openUsers(config.usersFile().get());
            } else if (config.anonymous()) {
                users = new StaticUsers(List.of());
            } else {
                generatedPassword = generatePassword();
                users = new StaticUsers(List.of(new UserEntry("ferry", PasswordHash.hash(generatedPassword),
                        config.root(), true)));
            }
        } catch (ConfigException e) {
            err.println("ferry serve: invalid config: " + e.getMessage());
            return 2;
        }
        FtpServer server;
        try {
            server = FtpServer.start(config, users);
        } catch (ConfigException e) {
            err.println("ferry serve: " + e.getMessage());
            return 2;
        }
        CountDownLatch stop = new CountDownLatch(1);
        boolean stopsOnSignals = ProcessSignals.on("TERM", () -> stopOn("SIGTERM", stop))
                & ProcessSignals.on("INT", () -> stopOn("SIGINT", stop));
        if (!stopsOnSignals) {
            // -Xrs or a platform without these signals: the JVM's shutdown still drains, but exits 143.
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "ferry-shutdown"));
        }
        if (!ProcessSignals.on("HUP", () -> reload(server, "SIGHUP")) && !watchConfig) {
            LOG.log(Level.WARNING, "SIGHUP does not reach this process (started with it ignored, as nohup does, or "
                    + "with -Xrs): use --watch-config to reload on a change of the config file");
        }
        if (watchConfig && configFile == null) {
            LOG.log(Level.WARNING, "--watch-config without --config: there is no config file to watch");
        } else if (watchConfig) {
            ConfigWatcher.start(configFile, () -> reload(server, configFile + " changed"));
        }
        printReady(out, server, generatedPassword);
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        return 0;
    }

    private static void stopOn(String signal, CountDownLatch stop) {
        LOG.log(Level.INFO, signal + " received: stopping");
        stop.countDown();
    }

    /** Reads the config file and the flags again, as at start, and hands the result to the server. */
    private void reload(FtpServer server, String trigger) {
        LOG.log(Level.INFO, trigger + ": reloading " + (configFile == null ? "the flags (no --config file)" : configFile));
        try {
            server.reload(config());
        } catch (ConfigException e) {
            LOG.log(Level.WARNING, "reload refused, the running config stays: " + e.getMessage());
        } catch (IllegalStateException e) {
            LOG.log(Level.INFO, "reload ignored: " + e.getMessage());
        }
    }

    private ServerConfig config() throws ConfigException {
        return config(spec, configFile);
    }

    /**
     * The effective config of a command built with {@link #addConfigFlags}: the defaults, then
     * {@code configFile}, then the flags given. {@code ferry firewall} reads it here too, so it computes its
     * rules from the very config {@code ferry serve} would run.
     */
    static ServerConfig config(CommandSpec spec, Path configFile) throws ConfigException {
        ServerConfig.Builder builder = ServerConfig.builder();
        if (configFile != null) {
            ConfigFile.apply(configFile, builder);
        }
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (ConfigKeys.Key key : ConfigKeys.ALL) {
            OptionSpec option = spec.findOption("--" + key.name());
            if (parsed.hasMatchedOption(option)) {
                key.apply(builder, option.getValue());
            }
        }
        ServerConfig config = builder.build();
        if (config.usersFile().isEmpty() && Files.isRegularFile(DEFAULT_USERS_FILE)) {
            config = config.toBuilder().usersFile(DEFAULT_USERS_FILE).build();
        }
        return config;
    }

    private static UserStore openUsers(Path file) throws ConfigException {
        try {
            return UsersFile.open(file);
        } catch (IOException e) {
            throw new ConfigException("users", "cannot read users file: " + e.getMessage());
        }
    }

    private static String generatePassword() {
        byte[] bytes = new byte[15];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void printReady(PrintWriter out, FtpServer server, String generatedPassword) {
        ServerConfig c = server.config();
        String modes = (c.passiveMode() ? "passive ports " + c.passivePorts() : "passive off")
                + (c.activeMode() ? ", active from port " + c.effectiveDataPort(server.port()) : ", active off");
        if (generatedPassword != null) {
            out.println("User 'ferry', password " + generatedPassword
                    + " (generated for this run; 'ferry user add' makes lasting users)");
        }
        server.tlsFingerprint().ifPresent(fingerprint -> out.println("TLS certificate " + fingerprint
                + (c.tlsCert().isEmpty() ? " (self-signed; clients can pin it: ferry ls --pin " + fingerprint + " ...)" : "")));
        String tls = server.tlsFingerprint().isEmpty() ? ", TLS off"
                : ", FTPS with AUTH TLS" + server.implicitPort().map(p -> " and implicit on port " + p).orElse("")
                        + (c.tlsRequired() == TlsRequirement.NONE ? "" : ", TLS required for " + c.tlsRequired());
        out.println("Ferry ready on port " + server.port() + ", serving " + c.root().toAbsolutePath().normalize()
                + " (" + modes + tls + (c.anonymous() ? ", anonymous read-only" : "")
                + c.usersFile().map(f -> ", users from " + f).orElse("") + ")");
        out.flush();
    }
}
