package dev.ferry.cli.client;

import picocli.CommandLine;

/** The client verbs of the {@code ferry} command. */
public final class ClientCommands {

    private ClientCommands() {
    }

    public static void addTo(CommandLine ferry) {
        ferry.addSubcommand(new ListCommand());
        ferry.addSubcommand(new MirrorCommand());
        ferry.addSubcommand(new ShellCommand());
    }
}
