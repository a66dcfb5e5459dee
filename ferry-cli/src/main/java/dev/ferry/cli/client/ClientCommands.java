package dev.ferry.cli.client;

import dev.ferry.cli.client.doctor.DoctorCommand;
import dev.ferry.cli.client.mirror.MirrorCommand;
import dev.ferry.cli.client.shell.ShellCommand;
import picocli.CommandLine;

/** The client verbs of the {@code ferry} command. */
public final class ClientCommands {

    private ClientCommands() {
    }

    /** Adds the client verbs, which write to {@code streams}. */
    public static void addTo(CommandLine ferry, Streams streams) {
        for (ClientCommand verb : new ClientCommand[] {new ListCommand(), new GetCommand(), new PutCommand(),
                new MkdirCommand(), new RmCommand(), new RmdirCommand(), new MvCommand(), new MirrorCommand(),
                new ShellCommand(), new DoctorCommand()}) {
            verb.streams = streams;
            ferry.addSubcommand(verb);
        }
    }
}
