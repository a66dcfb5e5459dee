package dev.ferry.cli.client;

import dev.ferry.cli.client.MirrorPlan.Entry;
import dev.ferry.client.ClientOptions;
import dev.ferry.client.Credentials;
import dev.ferry.client.FtpClient;
import java.io.IOException;
import java.nio.file.Files;
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
                "One of SRC and DEST is an ftp://[user[:password]@]host[:port]/path URL, the other a local "
                + "directory. Symbolic links on the server and links to directories here are not followed."})
final class MirrorCommand extends ClientCommand {

    static final int MAX_PARALLEL = 64;

    @Parameters(index = "0", paramLabel = "SRC", description = "The directory to copy: local, or an ftp:// URL.")
    String source;

    @Parameters(index = "1", paramLabel = "DEST", description = "The directory to bring in line: local, or an ftp:// URL.")
    String destination;

    @Option(names = "--delete", description = "Remove what the source does not have, and what stands where the "
            + "source has something of another type.")
    boolean delete;

    @Option(names = {"-P", "--parallel"}, paramLabel = "N", defaultValue = "4",
            description = "Transfer N files at once, each over its own session (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = {"-n", "--dry-run"}, description = "Print what would be done; change nothing.")
    boolean dryRun;

    @Option(names = {"-q", "--quiet"}, description = "Print only failures.")
    boolean quiet;

    @Override
    ExitCode run() throws Exception {
        boolean download = isUrl(source);
        if (download == isUrl(destination)) {
            throw new IllegalArgumentException(download ? "SRC and DEST are both URLs; one must be a local directory"
                    : "neither SRC nor DEST is an ftp:// URL; one must be");
        }
        if (parallel < 1 || parallel > MAX_PARALLEL) {
            throw new IllegalArgumentException("--parallel must be within 1-" + MAX_PARALLEL + ", not " + parallel);
        }
        FtpUrl url = FtpUrl.parse(download ? source : destination);
        Path local = Path.of(download ? destination : source);
        if (!download && !Files.isDirectory(local)) {
            throw Files.exists(local) ? new NotDirectoryException(local.toString())
                    : new NoSuchFileException(local.toString());
        }
        if (download && Files.exists(local) && !Files.isDirectory(local)) {
            throw new NotDirectoryException(local.toString());
        }
        long start = System.nanoTime();
        MirrorReport report = new MirrorReport(out(), err(), quiet);
        Credentials credentials = connection.credentials(url); // once: it may ask on the terminal
        ClientOptions options = connection.clientOptions(new TracePrinter(err(), connection.verbose));
        try (MirrorSessions sessions = new MirrorSessions(
                () -> FtpClient.connect(url.host(), url.port(), credentials, options), parallel)) {
            FtpClient first = sessions.slot(0).client();
            boolean exactTimes = first.features().has("MLST"); // LIST times are minutes or days, zone unknown
            MirrorDirection direction;
            SortedMap<String, Entry> from;
            SortedMap<String, Entry> to;
            boolean compareTimes = exactTimes;
            boolean rootMissing = !Files.isDirectory(local);
            if (download) {
                direction = new MirrorDirection.Download(url.path(), local);
                from = MirrorListing.remote(first, url.path(), report::note);
                to = Files.isDirectory(local) ? MirrorListing.local(local, report::note) : new TreeMap<>();
            } else {
                boolean setTimes = first.features().has("MFMT");
                direction = new MirrorDirection.Upload(local, url.path(), setTimes, report);
                from = MirrorListing.local(local, report::note);
                Optional<SortedMap<String, Entry>> existing = MirrorListing.remoteIfPresent(first, url.path(),
                        report::note);
                rootMissing = existing.isEmpty();
                to = existing.orElseGet(TreeMap::new);
                if (exactTimes && !setTimes) {
                    report.note("the server cannot set modification times (no MFMT): comparing sizes only");
                }
                compareTimes = exactTimes && setTimes;
            }
            if (!exactTimes) {
                report.note("the server's listings carry no exact times (no MLSD): comparing sizes only");
            }
            MirrorPlan plan = MirrorPlan.of(from, to, new MirrorPlan.Rules(delete, compareTimes));
            MirrorExecutor executor = new MirrorExecutor(direction, sessions, report);
            if (dryRun) {
                executor.preview(plan);
                return report.exitCode();
            }
            if (rootMissing) {
                createRoot(download, local, first, url.path());
            }
            executor.run(plan);
        }
        report.summary(Duration.ofNanos(System.nanoTime() - start));
        return report.exitCode();
    }

    private static boolean isUrl(String argument) {
        return argument.contains("://");
    }

    private static void createRoot(boolean download, Path local, FtpClient ftp, String remoteRoot) throws IOException {
        if (download) {
            Files.createDirectories(local);
        } else {
            ftp.makeDirectories(remoteRoot);
        }
    }
}
