package dev.ferry.cli.client.mirror;

import dev.ferry.cli.client.ClientCommand;
import dev.ferry.cli.client.ClientDefaults;
import dev.ferry.cli.client.ExitCode;
import dev.ferry.cli.client.FtpUrl;
import dev.ferry.cli.client.TracePrinter;
import dev.ferry.cli.client.mirror.MirrorPlan.Entry;
import dev.ferry.client.Credentials;
import dev.ferry.client.FtpClient;
import dev.ferry.client.TraceListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry mirror SRC DEST}: makes DEST a copy of the directory SRC, one of them local, the other an
 * ftp:// URL. As lftp's mirror, only what differs is sent: a file missing at the destination, of another
 * size, or modified at a later second at the source.
 */
@Command(name = "mirror", mixinStandardHelpOptions = true, defaultValueProvider = ClientDefaults.class,
        description = {"Copy a directory tree to or from a server, sending only files that are missing, differ in "
                + "size, or are newer at the source.",
                "One of SRC and DEST is a URL (" + FtpUrl.SYNTAX + "), the other a local "
                + "directory. Symbolic links on the server and links to directories here are not followed.",
                "Times are compared to the second. A download gets the server's time; an upload gets the local "
                + "time where the server can set it (MFMT), and else only sizes are compared for uploads.",
                "Exit status: 0, or that of the first failure (1 local, 2 usage, 3 connection, 4 login, "
                + "5 refused by the server, 6 no data connection, 7 TLS certificate refused); a failure does not "
                + "stop the other files."})
public final class MirrorCommand extends ClientCommand {

    static final int MAX_PARALLEL = 64;

    @Parameters(index = "0", paramLabel = "SRC", description = "The directory to copy (local, or a URL).")
    String source;

    @Parameters(index = "1", paramLabel = "DEST",
            description = "Where the copy goes (local, or a URL).")
    String destination;

    @Option(names = "--delete", description = "Remove what the source does not have, and what stands where the "
            + "source has something of another type.")
    boolean delete;

    @Option(names = {"-P", "--parallel"}, paramLabel = "N", defaultValue = "4",
            description = "Transfer N files at once, each over its own session (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = {"-n", "--dry-run"}, description = "Print what would be done; change nothing.")
    boolean dryRun;

    @Override
    protected ExitCode run() throws Exception {
        boolean download = isUrl(source);
        if (download == isUrl(destination)) {
            throw new IllegalArgumentException(download ? "SRC and DEST are both URLs; one must be a local directory"
                    : "neither SRC nor DEST is a URL (ftp://, ftpes:// or ftps://); one must be");
        }
        if (parallel < 1 || parallel > MAX_PARALLEL) {
            throw new IllegalArgumentException("--parallel must be within 1-" + MAX_PARALLEL + ", not " + parallel);
        }
        FtpUrl url = FtpUrl.parse(download ? source : destination);
        Path local = localDirectory(download ? destination : source, download);
        long start = System.nanoTime();
        MirrorReport report = new MirrorReport(out(), err(), connection().quiet());
        Credentials credentials = connection().credentials(url); // once: it may ask on the terminal
        try (MirrorSessions sessions = new MirrorSessions(number -> FtpClient.connect(url.host(), url.port(),
                credentials, connection().clientOptions(url, trace(number))), parallel)) {
            FtpClient first = sessions.slot(0).client();
            Sides sides = download ? downloading(first, url.path(), local, report)
                    : uploading(first, local, url.path(), report);
            MirrorPlan.Rules rules = new MirrorPlan.Rules(delete, sides.compareTimes());
            MirrorPlan plan = MirrorPlan.of(sides.from(), sides.to(), rules);
            MirrorExecutor executor = new MirrorExecutor(sides.direction(), sessions, report);
            if (dryRun) {
                executor.preview(plan);
                return report.exitCode();
            }
            if (sides.destinationMissing()) {
                sides.direction().createRoot(sessions.slot(0));
            }
            executor.run(plan);
        }
        report.summary(Duration.ofNanos(System.nanoTime() - start));
        return report.exitCode();
    }

    /** Each session's trace; with several, its lines start with the session's number. */
    private TraceListener trace(int session) {
        return new TracePrinter(err(), connection().verbose(), connection().quiet(),
                parallel > 1 ? "[" + session + "]" : "");
    }

    /** Both trees, whether their times can be compared, and what acting on the destination means. */
    private record Sides(MirrorDirection direction, SortedMap<String, Entry> from, SortedMap<String, Entry> to,
                         boolean compareTimes, boolean destinationMissing) {
    }

    private static Sides downloading(FtpClient ftp, String remote, Path local, MirrorReport report)
            throws IOException {
        boolean exactTimes = hasExactTimes(ftp, report);
        SortedMap<String, Entry> from = MirrorListing.remote(ftp, remote, report::note);
        boolean missing = !Files.isDirectory(local);
        SortedMap<String, Entry> to = missing ? new TreeMap<>() : MirrorListing.local(local, report::note);
        return new Sides(new MirrorDirection.Download(remote, local), from, to, exactTimes, missing);
    }

    private static Sides uploading(FtpClient ftp, Path local, String remote, MirrorReport report)
            throws IOException {
        boolean exactTimes = hasExactTimes(ftp, report);
        boolean setTimes = ftp.features().has("MFMT");
        if (exactTimes && !setTimes) {
            report.note("the server cannot set modification times (no MFMT): comparing sizes only");
        }
        SortedMap<String, Entry> from = MirrorListing.local(local, report::note);
        Optional<SortedMap<String, Entry>> to = MirrorListing.remoteIfPresent(ftp, remote, report::note);
        return new Sides(new MirrorDirection.Upload(local, remote, setTimes, report), from,
                to.orElseGet(TreeMap::new), exactTimes && setTimes, to.isEmpty());
    }

    /** MLSD times are UTC to the second; LIST times are minutes or days in an unknown zone. */
    private static boolean hasExactTimes(FtpClient ftp, MirrorReport report) {
        if (ftp.features().has("MLST")) {
            return true;
        }
        report.note("the server's listings carry no exact times (no MLSD): comparing sizes only");
        return false;
    }

    private static boolean isUrl(String argument) {
        return argument.contains("://");
    }

    /** The local side: a source must be a directory; a destination may not exist yet. */
    private static Path localDirectory(String argument, boolean isDestination) throws IOException {
        Path local = Path.of(argument);
        if (Files.isDirectory(local) || isDestination && !Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
            return local;
        }
        throw Files.exists(local) ? new NotDirectoryException(argument) : new NoSuchFileException(argument);
    }
}
