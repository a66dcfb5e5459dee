package dev.ferry.cli.client.shell;

import dev.ferry.cli.client.ClientCommand;
import dev.ferry.cli.client.ClientDefaults;
import dev.ferry.cli.client.ExitCode;
import dev.ferry.cli.client.FtpUrl;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry shell URL}: an interactive FTP session, or a script of shell commands read from stdin. */
@Command(name = "shell", mixinStandardHelpOptions = true, defaultValueProvider = ClientDefaults.class,
        description = {"An FTP session: ls, cd, get, put, mget, mput, mkdir, rm, mv, status... ('help' lists "
                + "them). On a terminal: line editing, history, and Tab completion of verbs and of remote "
                + "and local paths.",
                "When stdin is not a terminal, runs its lines as a script (no prompt); the exit status is "
                + "then that of the last command that failed, 0 if none did."})
public final class ShellCommand extends ClientCommand {

    @Parameters(paramLabel = "URL", arity = "0..1",
            description = FtpUrl.SYNTAX + " (none: start unconnected, then 'open URL')")
    String url;

    @Option(names = "--history", paramLabel = "FILE",
            description = "Keep the command history in FILE (default: $XDG_STATE_HOME/ferry/history when "
                    + "XDG_STATE_HOME is set, else ~/.ferry_history).")
    Path history;

    @Option(names = "--no-history", description = "Keep no history file (Up still recalls this session's lines).")
    boolean noHistory;

    @Override
    protected ExitCode run() throws Exception {
        try (ShellSession session = new ShellSession(ShellVerbs.ALL, connection(), Path.of(""), out(), err())) {
            if (url != null) {
                session.connect(FtpUrl.parse(url));
            }
            Optional<ShellTerminal> terminal = ShellTerminal.open(session, historyFile(), err());
            try (ShellInput input = terminal.isPresent() ? terminal.get() : new ScriptInput(System.in)) {
                while (true) {
                    Optional<String> line = input.readLine(session.prompt());
                    if (line.isEmpty() || !session.execute(line.get())) {
                        break;
                    }
                }
                return input.interactive() ? ExitCode.OK : session.lastFailure();
            }
        }
    }

    private Optional<Path> historyFile() {
        if (noHistory) {
            return Optional.empty();
        }
        return Optional.of(history != null ? history
                : ShellHistory.defaultFile(System.getenv(), Path.of(System.getProperty("user.home"))));
    }
}
