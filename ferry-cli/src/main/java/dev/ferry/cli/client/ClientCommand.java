package dev.ferry.cli.client;

import dev.ferry.client.FtpClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A client verb: shares the connection options, and turns any failure into a message and an exit code
 * ({@link ExitCode}), so each verb only says what it does.
 */
public abstract class ClientCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    /** Set by {@link ClientCommands#addTo}. */
    Streams streams = Streams.system();

    private final List<String> afterFailure = new ArrayList<>();

    @Override
    public final Integer call() {
        try {
            return run().code();
        } catch (Exception e) {
            ExitCode code = Failures.report(e, err());
            afterFailure.forEach(line -> err().println("       " + line));
            return code.code();
        } finally {
            afterFailure.clear(); // the shell runs a command object more than once
        }
    }

    /** A line to print under the failure's message: what was left behind, how to continue. */
    void afterFailure(String line) {
        afterFailure.add(line);
    }

    /** Does the work; a failure is thrown, a partial success returns its exit code. */
    protected abstract ExitCode run() throws Exception;

    /** The options picocli filled in for this command: how to log in and how to open data connections. */
    protected ConnectionOptions connection() {
        return connection;
    }

    protected PrintStream out() {
        return streams.out();
    }

    protected PrintStream err() {
        return streams.err();
    }

    FtpClient connect(FtpUrl url) throws IOException {
        return connection.connect(url, err());
    }

    /**
     * A progress bar for one transfer on stderr, when stderr is a terminal and neither {@code --quiet} nor
     * {@code --verbose} (whose trace lines would cut through the bar) is given; otherwise nothing.
     */
    Progress progress(String name) {
        if (!streams.errIsTerminal() || connection.quiet || connection.verbose) {
            return Progress.NONE;
        }
        return new ProgressBar(err(), name, ProgressBar.terminalWidth(), System::nanoTime);
    }

    /**
     * The remote path a URL names, for verbs that act on one file or folder: without a trailing slash, and
     * never the login folder itself.
     */
    static String entryPath(FtpUrl url) throws CommandFailure {
        String path = url.path();
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty() || path.equals("/")) {
            throw new CommandFailure(ExitCode.USAGE, url + " names no file or folder, only the server",
                    "add a path to the URL: ftp://host/path");
        }
        return path;
    }

    /** Whether a remote path is a folder; false when it does not exist or the server will not say. */
    static boolean isFolder(FtpClient ftp, String path) {
        try {
            return ftp.stat(path).isDirectory();
        } catch (IOException | RuntimeException e) {
            return false; // only ever asked to choose a path or a better message
        }
    }

    /** A notice the user should see unless they asked for quiet. */
    void notice(String text) {
        if (!connection.quiet) {
            err().println("ferry: " + text);
        }
    }
}
