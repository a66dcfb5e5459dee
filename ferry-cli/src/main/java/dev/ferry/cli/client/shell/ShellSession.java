package dev.ferry.cli.client.shell;

import dev.ferry.cli.client.CommandFailure;
import dev.ferry.cli.client.ConnectionOptions;
import dev.ferry.cli.client.ExitCode;
import dev.ferry.cli.client.Failures;
import dev.ferry.cli.client.FtpUrl;
import dev.ferry.cli.client.ListCommand;
import dev.ferry.cli.client.shell.ShellCompleter.Suggestion;
import dev.ferry.client.Credentials;
import dev.ferry.client.DataMode;
import dev.ferry.client.FtpClient;
import dev.ferry.client.FtpReplyException;
import dev.ferry.client.RemoteFile;
import dev.ferry.protocol.Reply;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One shell session, without any terminal: it takes lines and runs them. {@link #execute} is the one
 * pipeline: split the line, find the verb, check the argument count and the connection, run the handler;
 * a failure is printed (message and hint, as the one-shot commands print it) and the session goes on. When
 * the failure means the connection is gone, the session drops it and says how to reconnect.
 *
 * <p>Command results go to {@code out}; errors and news about the connection to {@code err}.
 */
final class ShellSession implements AutoCloseable {

    /** A logged-in connection and what it was opened with. */
    private record Connection(FtpClient ftp, FtpUrl url, String user) {
    }

    private static final Map<DataMode, String> MODE_TEXT = Map.of(
            DataMode.PASSIVE, "passive (EPSV, then PASV)",
            DataMode.ACTIVE, "active (EPRT, then PORT)",
            DataMode.AUTO, "auto (passive, then active if passive fails)");

    private final ShellVerbs verbs;
    private final ConnectionOptions options;
    private final VerboseTrace trace;
    private final PrintStream out;
    private final PrintStream err;
    private final RemoteListings listings;
    private final ShellCompleter completer;
    private Optional<Connection> connection = Optional.empty();
    private Optional<FtpUrl> lastUrl = Optional.empty();
    private String remoteDirectory = "/";
    private Path localDirectory;
    private DataMode mode;
    private ExitCode lastFailure = ExitCode.OK;
    private boolean ended;

    ShellSession(ShellVerbs verbs, ConnectionOptions options, Path localDirectory, PrintStream out,
                 PrintStream err) {
        this.verbs = verbs;
        this.options = options;
        this.trace = new VerboseTrace(err, options.verbose());
        this.out = out;
        this.err = err;
        this.localDirectory = localDirectory.toAbsolutePath().normalize();
        this.mode = options.mode();
        this.listings = new RemoteListings(directory -> ftp().list(directory));
        this.completer = new ShellCompleter(verbs, new RemotePathCompleter(listings, () -> remoteDirectory),
                new LocalPathCompleter(() -> this.localDirectory));
    }

    // ---- the pipeline

    /** Runs one line; returns whether the session goes on (false after bye). */
    boolean execute(String line) {
        try {
            List<String> words = ShellWords.split(line);
            if (words.isEmpty()) {
                return true;
            }
            Optional<ShellVerb> verb = verbs.find(words.getFirst());
            if (verb.isEmpty()) {
                return problem(ExitCode.USAGE, "unknown command '" + words.getFirst() + "'; 'help' lists them");
            }
            List<String> arguments = words.subList(1, words.size());
            if (!verb.get().accepts(arguments.size())) {
                return problem(ExitCode.USAGE, "usage: " + verb.get().usage());
            }
            if (verb.get().phase() == ShellVerb.Phase.CONNECTED && connection.isEmpty()) {
                return problem(ExitCode.CONNECTION, "not connected; 'open URL' connects"
                        + lastUrl.map(u -> ", 'open' reconnects to " + u).orElse(""));
            }
            verb.get().handler().run(this, arguments);
        } catch (Exception e) {
            report(e);
        }
        return !ended;
    }

    /** What Tab offers after {@code before} for {@code word}; listing quietly, whatever verbose says. */
    List<Suggestion> complete(List<String> before, String word) {
        try {
            return trace.silently(() -> completer.complete(before, word));
        } catch (Exception e) {
            return List.of();
        }
    }

    String prompt() {
        return connection.isPresent() ? "ferry:" + remoteDirectory + "> " : "ferry (not connected)> ";
    }

    /** OK when every command succeeded, else what the last failure's exit code would have been. */
    ExitCode lastFailure() {
        return lastFailure;
    }

    private boolean problem(ExitCode code, String message) {
        err.println("ferry: " + message);
        lastFailure = code;
        return !ended;
    }

    private void report(Exception failure) {
        lastFailure = Failures.report(inShell(failure), err);
        if (connection.isPresent() && lostConnection(failure)) {
            FtpUrl url = connection.get().url();
            drop();
            err.println("ferry: the connection to " + url + " is lost; 'open' reconnects");
        }
    }

    private static boolean lostConnection(Exception failure) {
        return Failures.classify(failure) == ExitCode.CONNECTION;
    }

    /**
     * Runs {@code action} on each item; a failure is reported and the rest still run, unless the
     * connection is lost.
     */
    private <T> void each(List<T> items, Action<T> action) throws Exception {
        for (T item : items) {
            try {
                action.run(item);
            } catch (Exception e) {
                if (lostConnection(e)) {
                    throw e;
                }
                lastFailure = Failures.report(inShell(e), err);
            }
        }
    }

    /** A wrong argument is explained by the shell's own help, not by the command line's --help. */
    private static Exception inShell(Exception failure) {
        return failure instanceof IllegalArgumentException
                ? new CommandFailure(ExitCode.USAGE, failure.getMessage(), "'help' shows each verb's arguments")
                : failure;
    }

    @FunctionalInterface
    private interface Action<T> {
        void run(T item) throws Exception;
    }

    // ---- connection

    /** Connects and logs in, closing any connection first; then goes to the URL's directory. */
    void connect(FtpUrl url) throws IOException {
        drop();
        Credentials credentials = options.credentials(url);
        FtpClient ftp = FtpClient.connect(url.host(), url.port(), credentials, options.clientOptions(url, trace));
        ftp.mode(mode);
        connection = Optional.of(new Connection(ftp, url, credentials.user()));
        lastUrl = Optional.of(url);
        remoteDirectory = ftp.workingDirectory();
        err.println("connected to " + url + " as " + credentials.user());
        if (!url.path().isEmpty()) {
            changeDirectory(List.of(url.path()));
        }
    }

    void open(List<String> arguments) throws IOException {
        if (!arguments.isEmpty()) {
            connect(FtpUrl.parse(arguments.getFirst()));
            return;
        }
        FtpUrl url = lastUrl.orElseThrow(() -> new IllegalArgumentException("no connection to reopen; "
                + "'open ftp://host/path' connects"));
        String returnTo = remoteDirectory;
        connect(url);
        if (!returnTo.equals(remoteDirectory)) {
            changeDirectory(List.of(returnTo)); // back where the lost connection was
        }
    }

    void close(List<String> arguments) {
        FtpUrl url = connection.orElseThrow().url();
        drop();
        err.println("disconnected from " + url);
    }

    void bye(List<String> arguments) {
        ended = true;
    }

    private void drop() {
        listings.forgetAll();
        Optional<Connection> old = connection;
        connection = Optional.empty();
        if (old.isPresent()) {
            try {
                old.get().ftp().close();
            } catch (IOException e) {
                // already gone: nothing to log out from
            }
        }
    }

    @Override
    public void close() {
        drop();
    }

    private FtpClient ftp() throws IOException {
        return connection.orElseThrow(() -> new IOException("not connected")).ftp();
    }

    // ---- directories

    void list(List<String> arguments) throws IOException {
        String directory = remote(arguments.isEmpty() ? "" : arguments.getFirst());
        List<RemoteFile> files = listings.refresh(directory);
        for (RemoteFile file : files.stream().sorted(Comparator.comparing(RemoteFile::name)).toList()) {
            out.println(ListCommand.format(file));
        }
    }

    void changeDirectory(List<String> arguments) throws IOException {
        ftp().changeDirectory(arguments.getFirst());
        remoteDirectory = ftp().workingDirectory();
    }

    void printDirectory(List<String> arguments) throws IOException {
        remoteDirectory = ftp().workingDirectory();
        out.println(remoteDirectory);
    }

    void changeLocalDirectory(List<String> arguments) throws IOException, CommandFailure {
        Path target = LocalPaths.resolve(localDirectory, arguments.isEmpty() ? "~" : arguments.getFirst());
        if (!Files.isDirectory(target)) {
            throw new CommandFailure(ExitCode.LOCAL, target + ": "
                    + (Files.exists(target) ? "not a directory" : "no such local directory"), "'lpwd' shows where you are");
        }
        localDirectory = target.toRealPath();
        out.println("local directory: " + localDirectory);
    }

    void printLocalDirectory(List<String> arguments) {
        out.println(localDirectory);
    }

    void makeDirectory(List<String> arguments) throws IOException {
        boolean parents = arguments.getFirst().equals("-p");
        if (parents != (arguments.size() == 2)) {
            throw new IllegalArgumentException("usage: mkdir [-p] DIR");
        }
        if (parents) {
            ftp().makeDirectories(arguments.getLast());
            listings.forgetAll();
        } else {
            ftp().makeDirectory(arguments.getFirst());
            changed(arguments.getFirst());
        }
    }

    void removeDirectory(List<String> arguments) throws IOException {
        ftp().removeDirectory(arguments.getFirst());
        changed(arguments.getFirst());
        listings.forget(remote(arguments.getFirst()));
    }

    void delete(List<String> arguments) throws Exception {
        each(arguments, file -> {
            ftp().delete(file);
            changed(file);
        });
    }

    void rename(List<String> arguments) throws IOException {
        ftp().rename(arguments.get(0), arguments.get(1));
        changed(arguments.get(0));
        changed(arguments.get(1));
        listings.forget(remote(arguments.get(0)));
    }

    // ---- transfers

    void get(List<String> arguments) throws IOException {
        String remote = arguments.getFirst();
        String name = RemotePaths.name(remote);
        if (name.isEmpty() || name.equals("..") || name.equals(".")) {
            throw new IllegalArgumentException("'" + remote + "' names no file to download");
        }
        Path local = arguments.size() > 1 ? LocalPaths.resolve(localDirectory, arguments.get(1)) : localDirectory.resolve(name);
        if (Files.isDirectory(local)) {
            local = local.resolve(name);
        }
        download(remote, local);
    }

    void put(List<String> arguments) throws IOException {
        Path local = LocalPaths.resolve(localDirectory, arguments.getFirst());
        String name = local.getFileName().toString();
        String remote = arguments.size() > 1 ? arguments.get(1) : name;
        if (remote.endsWith("/")) {
            remote += name;
        }
        upload(local, remote);
    }

    void multipleGet(List<String> patterns) throws Exception {
        List<String> remotes = new ArrayList<>();
        for (String pattern : patterns) {
            int slash = pattern.lastIndexOf('/');
            String typedDirectory = pattern.substring(0, slash + 1);
            String namePattern = pattern.substring(slash + 1);
            if (!ShellGlob.isPattern(namePattern)) {
                remotes.add(pattern);
                continue;
            }
            ShellGlob glob = ShellGlob.of(namePattern);
            List<String> matches = listings.refresh(remote(typedDirectory)).stream()
                    .filter(f -> f.isFile() && glob.matches(f.name()))
                    .map(f -> typedDirectory + f.name()).sorted().toList();
            if (matches.isEmpty()) {
                problem(ExitCode.REMOTE_FILE, "no remote file matches " + pattern);
            }
            remotes.addAll(matches);
        }
        each(remotes, remote -> download(remote, localDirectory.resolve(RemotePaths.name(remote))));
    }

    void multiplePut(List<String> patterns) throws Exception {
        List<Path> locals = new ArrayList<>();
        for (String pattern : patterns) {
            int slash = pattern.lastIndexOf('/');
            String namePattern = pattern.substring(slash + 1);
            if (!ShellGlob.isPattern(namePattern)) {
                locals.add(LocalPaths.resolve(localDirectory, pattern));
                continue;
            }
            ShellGlob glob = ShellGlob.of(namePattern);
            Path directory = LocalPaths.resolve(localDirectory, pattern.substring(0, slash + 1));
            List<Path> matches;
            try (Stream<Path> entries = Files.list(directory)) {
                matches = entries.filter(p -> Files.isRegularFile(p) && glob.matches(p.getFileName().toString()))
                        .sorted().toList();
            }
            if (matches.isEmpty()) {
                problem(ExitCode.LOCAL, "no local file matches " + pattern);
            }
            locals.addAll(matches);
        }
        each(locals, local -> upload(local, local.getFileName().toString()));
    }

    private void download(String remote, Path local) throws IOException {
        long start = System.nanoTime();
        ftp().download(remote, local);
        out.println(remote + " -> " + shown(local) + " (" + done(Files.size(local), start) + ")");
    }

    private void upload(Path local, String remote) throws IOException {
        if (!Files.isRegularFile(local)) {
            if (Files.isDirectory(local)) {
                throw new FileSystemException(local.toString(), null, "is a directory; put sends one file");
            }
            throw new NoSuchFileException(local.toString());
        }
        long start = System.nanoTime();
        ftp().upload(local, remote);
        changed(remote);
        out.println(shown(local) + " -> " + remote + " (" + done(Files.size(local), start) + ")");
    }

    private static String done(long bytes, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return String.format(Locale.ROOT, "%d bytes in %.2f s", bytes, seconds);
    }

    /** A local path as the user would type it: relative to the local directory when inside it. */
    private String shown(Path local) {
        return local.startsWith(localDirectory) ? localDirectory.relativize(local).toString() : local.toString();
    }

    // ---- session settings

    void mode(DataMode newMode) throws IOException {
        mode = newMode;
        if (connection.isPresent()) {
            ftp().mode(newMode);
        }
        out.println("data connections: " + MODE_TEXT.get(newMode));
    }

    void verbose(List<String> arguments) {
        boolean on = arguments.isEmpty() ? !trace.verbose() : switch (arguments.getFirst().toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("verbose takes on or off, not '" + arguments.getFirst()
                    + "'");
        };
        trace.verbose(on);
        out.println("verbose " + (on ? "on: every command, reply and connection is printed" : "off"));
    }

    void status(List<String> arguments) {
        List<String[]> rows = new ArrayList<>();
        if (connection.isPresent()) {
            Connection c = connection.get();
            InetSocketAddress address = c.ftp().serverAddress();
            rows.add(new String[] {"server", c.url() + " (" + address.getAddress().getHostAddress() + " port "
                    + address.getPort() + ")"});
            rows.add(new String[] {"user", c.user()});
        } else {
            rows.add(new String[] {"server", "not connected" + lastUrl.map(u -> " (last: " + u + ")").orElse("")});
        }
        rows.add(new String[] {"data mode", MODE_TEXT.get(mode)});
        connection.ifPresent(c -> rows.add(new String[] {"last data method",
                c.ftp().lastDataMethod().map(Enum::name).orElse("none yet")}));
        connection.ifPresent(c -> rows.add(new String[] {"remote directory", remoteDirectory}));
        rows.add(new String[] {"local directory", localDirectory.toString()});
        connection.ifPresent(c -> rows.add(new String[] {"server features", features(c.ftp())}));
        rows.add(new String[] {"verbose", trace.verbose() ? "on" : "off"});
        for (String[] row : rows) {
            out.printf("%-17s %s%n", row[0] + ":", row[1]);
        }
    }

    private static String features(FtpClient ftp) {
        Map<String, String> entries = ftp.features().entries();
        if (entries.isEmpty()) {
            return "none announced";
        }
        return entries.entrySet().stream().map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + " "
                + e.getValue()).sorted().collect(Collectors.joining(", "));
    }

    void quote(List<String> arguments) throws IOException {
        Reply reply = ftp().raw(String.join(" ", arguments));
        for (String line : reply.lines()) {
            out.println(reply.code() + " " + line);
        }
        if (!reply.isPositive()) {
            lastFailure = reply.code() == 421 ? ExitCode.CONNECTION : ExitCode.REMOTE_FILE;
        }
        if (reply.code() == 421) {
            throw new FtpReplyException(arguments.getFirst(), reply);
        }
        listings.forgetAll(); // the command may have changed anything, even the working directory
        try {
            remoteDirectory = ftp().workingDirectory();
        } catch (FtpReplyException e) {
            // a server that answers PWD with an error just keeps the old prompt
        }
    }

    void help(List<String> arguments) {
        if (!arguments.isEmpty()) {
            ShellVerb verb = verbs.find(arguments.getFirst()).orElseThrow(() -> new IllegalArgumentException(
                    "no verb '" + arguments.getFirst() + "'; 'help' lists them"));
            out.println("usage: " + verb.usage());
            if (!verb.aliases().isEmpty()) {
                out.println("also:  " + String.join(", ", verb.aliases()));
            }
            out.println(verb.help());
            return;
        }
        for (ShellVerb verb : verbs.all()) {
            String names = verb.aliases().isEmpty() ? verb.usage()
                    : verb.usage() + " (" + String.join(", ", verb.aliases()) + ")";
            out.printf("  %-32s %s%n", names, verb.help());
        }
        out.println("Names with spaces: quote them (\"my file\", 'my file') or escape the space (my\\ file).");
    }

    // ---- paths

    /** A remote path as typed, made absolute against the working directory (for the listing cache). */
    private String remote(String typed) {
        return RemotePaths.resolve(remoteDirectory, typed);
    }

    /** Forgets the listing of the directory that holds {@code typed}: its content changed. */
    private void changed(String typed) {
        listings.forget(RemotePaths.parent(remote(typed)));
    }
}
