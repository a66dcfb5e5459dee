package dev.ferry.cli;

import dev.ferry.cli.client.ClientCommands;
import dev.ferry.cli.client.Streams;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ferry} command. */
@Command(name = "ferry", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "FTP server and tools whose data connections work through firewalls and NAT.",
        subcommands = {UserCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return commandLine(Streams.system()).execute(args);
    }

    /** The whole command, writing to {@code streams}: what {@link #main} runs, and what tests run in-process. */
    public static CommandLine commandLine(Streams streams) {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand("serve", new CommandLine(ServeCommand.build()));
        cli.addSubcommand("firewall", new CommandLine(FirewallCommand.build()));
        ClientCommands.addTo(cli, streams);
        // after the subcommands: picocli hands these settings to the subcommands present when they are set
        cli.setOut(new PrintWriter(new OutputStreamWriter(streams.out(), streams.out().charset()), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(streams.err(), streams.err().charset()), true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("ferry: " + e.getMessage());
            return 1;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ferry " + (version == null ? "development build" : version)};
        }
    }
}
