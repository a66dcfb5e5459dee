package dev.ferry.cli.client.doctor;

import dev.ferry.cli.client.ClientCommand;
import dev.ferry.cli.client.ClientDefaults;
import dev.ferry.cli.client.ExitCode;
import dev.ferry.cli.client.FtpUrl;
import dev.ferry.cli.client.TracePrinter;
import dev.ferry.server.config.ConfigKeys;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry doctor URL}: diagnoses a server from here, step by step, and says which data mode to use. */
@Command(name = "doctor", mixinStandardHelpOptions = true, defaultValueProvider = DoctorCommand.Defaults.class,
        description = {"Diagnose an FTP server from where you stand: which data mode works, and what to fix.",
                "Steps: name resolution, control connection, greeting, TLS (ftpes://, ftps://), login, FEAT, then a "
                + "listing of the URL's folder over each data method alone: EPSV, PASV as announced (to the address "
                + "in the 227 reply), PASV fixed (to the server's own address), EPRT and PORT. Each step gets a "
                + "verdict and its time; each failure its cause, the fix and a workaround. Last, the data mode to "
                + "use, or what to fix.",
                "Every method is tried and the report always printed, so --mode, --trust-pasv-address and --quiet "
                + "change nothing here.",
                "Exit status: 0 when a data connection works; else 3 connection (or TLS), 4 login, 5 the listing "
                + "was refused, 6 no data connection, 7 TLS certificate refused."})
public final class DoctorCommand extends ClientCommand {

    @Parameters(paramLabel = "URL", description = FtpUrl.SYNTAX + "; the folder to list (default: the login folder).")
    String url;

    @Option(names = "--json", description = "Print the findings as JSON, for scripts: steps with verdicts, times, "
            + "causes and fixes, the recommendation and the exit status.")
    boolean json;

    @Option(names = "--diagram", description = "Print the exchange as a Mermaid sequence diagram (commands, replies, "
            + "connections, times) instead of the report, which goes to standard error.")
    boolean diagram;

    @Override
    protected ExitCode run() throws Exception {
        if (json && diagram) {
            throw new IllegalArgumentException("--json and --diagram both choose what is printed; give one");
        }
        FtpUrl target = FtpUrl.parse(url);
        // the trace goes to stderr only with --verbose: doctor reports the client's notices itself
        TracePrinter trace = new TracePrinter(err(), connection().verbose(), true, "");
        Diagnosis diagnosis = new Doctor(target, connection().credentials(target),
                connection().clientOptions(target, trace)).run();
        if (json) {
            out().print(ReportJson.of(diagnosis));
        } else if (diagram) {
            out().print(SequenceDiagram.of(diagnosis.events(), diagnosis.started()));
            ReportText.lines(diagnosis).forEach(err()::println);
        } else {
            ReportText.lines(diagnosis).forEach(out()::println);
        }
        return diagnosis.recommendation().exitCode();
    }

    /** Short timeouts: a diagnosis should not wait as long as a transfer would; the rest as for every verb. */
    public static final class Defaults implements IDefaultValueProvider {
        private static final Map<String, Duration> DURATIONS = Map.of(
                "--connect-timeout", Duration.ofSeconds(4),
                "--timeout", Duration.ofSeconds(10),
                "--data-timeout", Duration.ofSeconds(10));
        private final ClientDefaults others = new ClientDefaults();

        @Override
        public String defaultValue(ArgSpec argument) throws Exception {
            if (argument instanceof OptionSpec option && DURATIONS.containsKey(option.longestName())) {
                return ConfigKeys.duration(DURATIONS.get(option.longestName()));
            }
            return others.defaultValue(argument);
        }
    }
}
