package dev.ferry.cli;

import dev.ferry.server.config.ConfigException;
import dev.ferry.server.config.ConfigKeys;
import dev.ferry.server.config.ServerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry firewall}: prints the firewall rules the server's host needs, computed from the config
 * {@code ferry serve} would run with the same {@code --config} and flags (both commands read it through
 * {@link ServeCommand#config}).
 */
@Command(name = "firewall", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the firewall rules the server's host needs to let clients in: the control port, the "
                + "passive ports (when passive mode is on) and, when active mode is on, active data connections "
                + "going out from the data port. Behind NAT (passive-address set), also the router's port forwards.",
                "Takes the same --config and flags as 'ferry serve', all listed below (root, users, timeouts, limits "
                        + "and the like make no difference here). Warnings about the config go to standard error.",
                "Exit status: 0, or 2 for an invalid config."})
final class FirewallCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "nftables",
            description = "nftables (default: a table inet ferry for 'nft -f FILE'), iptables (iptables and "
                    + "ip6tables commands), ufw (ufw commands) or firewalld (firewall-cmd commands, permanent, then a reload).")
    FirewallFormat format;

    @Option(names = "--conntrack-helper", description = "Open only the control port and let the kernel's FTP conntrack "
            + "helper let each data connection in, instead of opening the passive ports. Useless with FTPS: the helper "
            + "cannot read an encrypted control connection.")
    boolean conntrackHelper;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file of 'ferry serve' (keys as the flags below).")
    Path configFile;

    /** The annotated options, then one flag per config key, as {@code ferry serve} has them. */
    static CommandSpec build() {
        CommandSpec spec = CommandSpec.forAnnotatedObject(new FirewallCommand());
        ServeCommand.addConfigFlags(spec);
        return spec;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServerConfig config;
        FirewallPlan plan;
        try {
            config = ServeCommand.config(spec, configFile);
            plan = FirewallPlan.of(config, source(), conntrackHelper);
        } catch (ConfigException e) {
            err.println("ferry firewall: invalid config: " + e.getMessage());
            return 2;
        }
        for (String warning : FirewallPlan.warnings(config)) {
            err.println("ferry firewall: warning: " + warning);
        }
        List<String> lines = new ArrayList<>(FirewallNotes.header(plan, format));
        lines.addAll(format.rules(plan));
        plan.forward().ifPresent(forward -> lines.addAll(FirewallNotes.forwards(forward)));
        if (!conntrackHelper) {
            lines.addAll(FirewallNotes.helperAlternative(plan));
        }
        lines.forEach(out::println);
        out.flush();
        err.flush();
        return 0;
    }

    /** The config file and the config flags given, as the user wrote them. */
    private String source() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        List<String> flags = new ArrayList<>();
        for (ConfigKeys.Key key : ConfigKeys.ALL) {
            OptionSpec option = spec.findOption("--" + key.name());
            if (parsed.hasMatchedOption(option)) {
                String value = option.getValue();
                flags.add(option.longestName() + (value.contains(" ") || value.isEmpty() ? " '" + value + "'" : " " + value));
            }
        }
        String file = configFile == null ? null : "the config file " + configFile;
        String given = flags.isEmpty() ? null : "the flags " + String.join(" ", flags);
        if (file == null && given == null) {
            return "the defaults (no --config, no flags)";
        }
        return (file == null ? given : given == null ? file : file + " and " + given) + ", defaults for the rest";
    }
}
