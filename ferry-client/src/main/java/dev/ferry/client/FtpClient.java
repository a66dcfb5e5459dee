package dev.ferry.client;

import dev.ferry.protocol.Command;
import dev.ferry.protocol.FtpTime;
import dev.ferry.protocol.LineReader;
import dev.ferry.protocol.Reply;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A logged-in FTP session. Every call returns its result or throws: {@link FtpReplyException} when the
 * server says no (with its reply), {@link DataConnectionException} when no data connection could be opened
 * (with the reason for each mode tried), or another {@link IOException} when the connection fails.
 * Transfers are binary. Closing the client sends QUIT.
 *
 * <p>One call at a time: a session is one conversation. While a stream from {@link #openDownload} or
 * {@link #openUpload} is open, other calls fail until it is closed.
 */
public final class FtpClient implements AutoCloseable {

    private static final int MAX_LISTING_LINE = 64 * 1024;
    private static final int COPY_BUFFER = 256 * 1024;

    private final ControlConnection control;
    private final DataConnector data;
    private final Features features;
    private boolean streamOpen;

    private FtpClient(ControlConnection control, DataConnector data, Features features) {
        this.control = control;
        this.data = data;
        this.features = features;
    }

    /**
     * Connects, logs in, reads the server's features and switches to binary. With {@link ClientOptions#tls},
     * the control connection is secured first (implicit: at once; explicit: {@code AUTH TLS} after the
     * greeting) and the data connections after login ({@code PBSZ 0}, {@code PROT P}; RFC 4217 §9).
     *
     * @throws UntrustedCertificateException when the server's certificate is refused
     */
    public static FtpClient connect(String host, int port, Credentials credentials, ClientOptions options)
            throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UnknownHostException("cannot resolve host name " + host);
        }
        Optional<TlsConnector> tls = options.tls().isTls()
                ? Optional.of(TlsConnector.create(host, options)) : Optional.empty();
        ControlConnection control = ControlConnection.open(address, options);
        try {
            if (options.tls() == TlsMode.IMPLICIT) {
                control.secure(tls.orElseThrow());
            }
            Reply greeting = control.read("the greeting");
            while (greeting.isPreliminary()) {
                greeting = control.read("the greeting");
            }
            if (!greeting.isPositive()) {
                throw new FtpReplyException("connect", greeting);
            }
            if (options.tls() == TlsMode.EXPLICIT) {
                startTls(control, tls.orElseThrow());
            }
            login(control, credentials);
            if (tls.isPresent()) {
                // RFC 4217 §9: PBSZ 0 (TLS needs no buffer size), then the data connections' protection
                control.expectPositive(new Command("PBSZ", "0"));
                control.expectPositive(new Command("PROT", options.protectData() ? "P" : "C"));
            }
            Reply feat = control.exchange(new Command("FEAT", ""));
            Features features = feat.code() == 211 ? Features.parse(feat) : Features.none();
            if (features.has("UTF8")) {
                control.exchange(new Command("OPTS", "UTF8 ON")); // RFC 2640; some servers need asking
            }
            control.expectPositive(new Command("TYPE", "I"));
            String serverKey = host.toLowerCase(Locale.ROOT) + ":" + port;
            Optional<TlsConnector> dataTls = options.protectData() ? tls : Optional.empty();
            return new FtpClient(control, new DataConnector(control, options, serverKey, dataTls), features);
        } catch (IOException | RuntimeException e) {
            control.close();
            throw e;
        }
    }

    /** RFC 4217 §4: AUTH TLS, and on 234 the handshake; anything else means the server has no TLS. */
    private static void startTls(ControlConnection control, TlsConnector tls) throws IOException {
        Command auth = new Command("AUTH", "TLS");
        Reply reply = control.exchange(auth);
        if (reply.code() != 234) {
            throw new FtpReplyException(auth.toLoggable() + " (the server does not offer FTPS; connect without TLS"
                    + " only if the network is trusted: the password would go in the clear)", reply);
        }
        control.secure(tls);
    }

    private static void login(ControlConnection control, Credentials credentials) throws IOException {
        Command user = new Command("USER", credentials.user());
        Reply reply = control.exchange(user);
        if (reply.code() == 331) {
            user = new Command("PASS", credentials.password());
            reply = control.exchange(user);
        }
        if (reply.code() == 421) {
            throw new FtpReplyException(user.toLoggable(), reply);
        }
        if (reply.code() == 332) {
            throw new LoginFailedException(user.toLoggable() + " (the server wants an account, ACCT,"
                    + " which Ferry does not send)", reply);
        }
        if (reply.code() != 230 && reply.code() != 202) {
            throw new LoginFailedException(user.toLoggable(), reply);
        }
    }

    // ---- session

    public Features features() {
        return features;
    }

    public DataMode mode() {
        return data.mode();
    }

    public void mode(DataMode mode) {
        data.mode(mode);
    }

    /** The data method the last transfer used, once one has run. */
    public Optional<DataMethod> lastDataMethod() {
        return data.lastUsed();
    }

    public InetSocketAddress serverAddress() {
        return control.remoteAddress();
    }

    /**
     * Sends any command that needs no data connection and returns its final reply, positive or not: the
     * escape hatch for what this API does not cover ({@code SITE CHMOD 644 f}, {@code HELP}).
     */
    public Reply raw(String commandLine) throws IOException {
        checkIdle();
        return control.exchange(Command.parse(commandLine));
    }

    public void noop() throws IOException {
        run("NOOP", "");
    }

    // ---- directories

    public String workingDirectory() throws IOException {
        return quotedPath(run("PWD", ""));
    }

    public void changeDirectory(String path) throws IOException {
        run("CWD", path);
    }

    /**
     * Lists a directory: with MLSD when the server has it (exact, machine-readable facts), else LIST parsed
     * in the usual Unix and Windows formats. The directory itself and its parent are left out.
     */
    public List<RemoteFile> list(String path) throws IOException {
        Listing listing = features.has("MLST")
                ? MlsxParser.parseListing(readLines(new Command("MLSD", path)))
                : ListingParser.parse(readLines(new Command("LIST", path)), Instant.now());
        for (Listing.Rejected rejected : listing.rejected()) {
            control.notice("skipped a listing line that could not be read (" + rejected.reason() + "): "
                    + rejected.line());
        }
        return listing.files();
    }

    /**
     * Lists a directory (MLSD when the server has it, else LIST) over exactly one data method, to diagnose
     * which methods work with this server from here: no other method is tried, nothing is remembered for
     * later transfers, and the mode is not consulted. With {@code trustPassiveAddress}, PASV connects to
     * the address in the 227 reply, as announced; without, to the control connection's peer.
     *
     * <p>Every failure is in the result, none is thrown. After one the session may be out of step (a reply
     * still on its way, say): connect again for the next probe rather than reuse this client.
     */
    public DataProbe probe(DataMethod method, boolean trustPassiveAddress, String path) {
        checkIdle();
        Command command = new Command(features.has("MLST") ? "MLSD" : "LIST", path);
        return data.probe(method, trustPassiveAddress, command, transfer -> readAll(transfer, command).size());
    }

    /** The names in a directory, as NLST gives them. */
    public List<String> names(String path) throws IOException {
        return readLines(new Command("NLST", path));
    }

    /** Facts about one file or directory: MLST when the server has it, else SIZE and MDTM, else CWD. */
    public RemoteFile stat(String path) throws IOException {
        checkIdle();
        if (features.has("MLST")) {
            Reply reply = control.expectPositive(new Command("MLST", path));
            // RFC 3659 §7.2: the entry is the line between the first and last, after one space (which
            // Apache FtpServer leaves out, adding an empty line)
            List<String> lines = reply.lines();
            for (String line : lines.subList(1, Math.max(1, lines.size() - 1))) {
                if (!line.isBlank()) {
                    try {
                        return MlsxParser.parseEntry(line.startsWith(" ") ? line.substring(1) : line);
                    } catch (MalformedEntryException e) {
                        throw new FtpException("MLST " + path + ": unreadable entry: " + e.getMessage());
                    }
                }
            }
            throw new FtpException("MLST " + path + ": the reply holds no entry: " + reply);
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        Reply size = control.exchange(new Command("SIZE", path));
        if (size.code() == 213) {
            Optional<Instant> modified = Optional.empty();
            Reply mdtm = control.exchange(new Command("MDTM", path));
            if (mdtm.code() == 213) {
                modified = parseTime(mdtm);
            }
            return new RemoteFile(name.isEmpty() ? path : name, RemoteFile.Type.FILE, parseSize(size), modified,
                    "", "", Optional.empty());
        }
        String here = workingDirectory();
        Reply cwd = control.exchange(new Command("CWD", path));
        if (cwd.code() != 250) {
            throw new FtpReplyException("SIZE " + path, size);
        }
        run("CWD", here);
        return new RemoteFile(name.isEmpty() ? path : name, RemoteFile.Type.DIRECTORY, -1, Optional.empty(), "",
                "", Optional.empty());
    }

    public long size(String path) throws IOException {
        return parseSize(run("SIZE", path));
    }

    public Instant modificationTime(String path) throws IOException {
        Reply reply = run("MDTM", path);
        return parseTime(reply).orElseThrow(() -> new FtpException("MDTM " + path + ": unreadable time: " + reply));
    }

    /** Sets a file's modification time with MFMT (draft-somers-ftp-mfxx). */
    public void setModificationTime(String path, Instant time) throws IOException {
        run("MFMT", FtpTime.format(time) + " " + path);
    }

    public void makeDirectory(String path) throws IOException {
        run("MKD", path);
    }

    /** Creates a directory and any missing parents; an existing directory is fine. */
    public void makeDirectories(String path) throws IOException {
        checkIdle();
        StringBuilder prefix = new StringBuilder(path.startsWith("/") ? "/" : "");
        FtpReplyException last = null;
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            prefix.append(part);
            Command mkd = new Command("MKD", prefix.toString());
            Reply reply = control.exchange(mkd);
            last = reply.isPositive() ? null : new FtpReplyException(mkd.toLoggable(), reply);
            prefix.append('/');
        }
        if (last != null && !isDirectory(path)) {
            throw last;
        }
    }

    private boolean isDirectory(String path) throws IOException {
        try {
            return stat(path).isDirectory();
        } catch (FtpReplyException e) {
            return false;
        }
    }

    public void removeDirectory(String path) throws IOException {
        run("RMD", path);
    }

    /** Removes a directory and everything in it; symbolic links are removed, never followed. */
    public void removeTree(String path) throws IOException {
        for (RemoteFile entry : list(path)) {
            String child = child(path, entry.name());
            if (entry.isDirectory()) {
                removeTree(child);
            } else {
                delete(child);
            }
        }
        removeDirectory(path);
    }

    public void delete(String path) throws IOException {
        run("DELE", path);
    }

    public void rename(String from, String to) throws IOException {
        checkIdle();
        Command rnfr = new Command("RNFR", from);
        Reply reply = control.exchange(rnfr);
        if (reply.code() != 350) {
            throw new FtpReplyException(rnfr.toLoggable(), reply);
        }
        control.expectPositive(new Command("RNTO", to));
    }

    /** A remote path for a name inside a directory. */
    public static String child(String directory, String name) {
        if (directory.isEmpty() || directory.equals(".")) {
            return name;
        }
        return directory.endsWith("/") ? directory + name : directory + "/" + name;
    }

    // ---- downloads

    /**
     * Downloads a file. It is written beside {@code local} under a temporary name and moved into place only
     * when complete, so a failed download never leaves a truncated file under the real name; the partial
     * file stays for {@link #resumeDownload}.
     */
    public void download(String remote, Path local, ProgressListener progress) throws IOException {
        fetch(remote, local, 0, progress);
    }

    public void download(String remote, Path local) throws IOException {
        download(remote, local, ProgressListener.NONE);
    }

    /** Continues a download that stopped part-way (REST), or starts it when nothing was fetched yet. */
    public void resumeDownload(String remote, Path local, ProgressListener progress) throws IOException {
        Path part = partFile(local);
        if (!Files.exists(part) && Files.isRegularFile(local)) {
            Files.move(local, part);
        }
        long offset = Files.exists(part) ? Files.size(part) : 0;
        long total = size(remote);
        if (offset > total) {
            offset = 0; // the remote file changed: start over
        }
        if (offset == total && total > 0) {
            Files.move(part, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        fetch(remote, local, offset, progress);
    }

    private void fetch(String remote, Path local, long offset, ProgressListener progress) throws IOException {
        checkIdle();
        long total = progress == ProgressListener.NONE ? -1 : sizeOrUnknown(remote);
        Path part = partFile(local);
        StandardOpenOption mode = offset > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        OpenTransfer transfer = data.open(new Command("RETR", remote), offset, total, progress);
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                mode)) {
            copy(transfer.input(), out);
        } catch (IOException e) {
            throw transfer.abort(e);
        }
        transfer.complete();
        Files.move(part, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Downloads a file into a stream, which stays open; returns the number of bytes. */
    public long download(String remote, OutputStream out) throws IOException {
        checkIdle();
        OpenTransfer transfer = data.open(new Command("RETR", remote), 0, -1, ProgressListener.NONE);
        long bytes;
        try {
            bytes = copy(transfer.input(), out);
        } catch (IOException e) {
            throw transfer.abort(e);
        }
        transfer.complete();
        return bytes;
    }

    /**
     * Opens a remote file for reading from {@code offset}. Closing the stream completes the transfer; it
     * throws if the server reports a failure after the last byte. Close it before the next call.
     */
    public InputStream openDownload(String remote, long offset) throws IOException {
        checkIdle();
        OpenTransfer transfer = data.open(new Command("RETR", remote), offset, -1, ProgressListener.NONE);
        streamOpen = true;
        return new DownloadStream(transfer, () -> streamOpen = false);
    }

    public InputStream openDownload(String remote) throws IOException {
        return openDownload(remote, 0);
    }

    // ---- uploads

    public void upload(Path local, String remote, ProgressListener progress) throws IOException {
        send(local, new Command("STOR", remote), 0, progress);
    }

    public void upload(Path local, String remote) throws IOException {
        upload(local, remote, ProgressListener.NONE);
    }

    /** Adds a local file's bytes to the end of a remote file (APPE), creating it when missing. */
    public void append(Path local, String remote, ProgressListener progress) throws IOException {
        send(local, new Command("APPE", remote), 0, progress);
    }

    public void append(Path local, String remote) throws IOException {
        append(local, remote, ProgressListener.NONE);
    }

    /**
     * Sends the rest of a local file whose upload stopped part-way: as much as the remote file already
     * holds is skipped (REST + STOR, or APPE on servers without REST STREAM).
     */
    public void resumeUpload(Path local, String remote, ProgressListener progress) throws IOException {
        long done = sizeOrUnknown(remote);
        long length = Files.size(local);
        if (done <= 0 || done > length) {
            send(local, new Command("STOR", remote), 0, progress);
        } else if (done < length) {
            boolean rest = features.parameters("REST").map(p -> p.equalsIgnoreCase("STREAM")).orElse(false);
            send(local, new Command(rest ? "STOR" : "APPE", remote), done, progress);
        }
    }

    private void send(Path local, Command command, long offset, ProgressListener progress) throws IOException {
        checkIdle();
        try (InputStream in = Files.newInputStream(local)) {
            in.skipNBytes(offset);
            long restOffset = command.verb().equals("APPE") ? 0 : offset;
            OpenTransfer transfer = data.open(command, restOffset, Files.size(local), progress);
            copyAndComplete(in, transfer);
        }
    }

    /** Uploads a stream's bytes to a remote file; the stream is read to its end but not closed. */
    public long upload(InputStream in, String remote) throws IOException {
        checkIdle();
        OpenTransfer transfer = data.open(new Command("STOR", remote), 0, -1, ProgressListener.NONE);
        return copyAndComplete(in, transfer);
    }

    private static long copyAndComplete(InputStream in, OpenTransfer transfer) throws IOException {
        long bytes;
        try {
            bytes = copy(in, transfer.output());
        } catch (IOException e) {
            throw transfer.abort(e);
        }
        transfer.complete();
        return bytes;
    }

    /** Opens a remote file for writing; closing the stream ends the file and throws if the server failed. */
    public OutputStream openUpload(String remote) throws IOException {
        return openWriting(new Command("STOR", remote));
    }

    public OutputStream openAppend(String remote) throws IOException {
        return openWriting(new Command("APPE", remote));
    }

    private OutputStream openWriting(Command command) throws IOException {
        checkIdle();
        OpenTransfer transfer = data.open(command, 0, -1, ProgressListener.NONE);
        streamOpen = true;
        return new UploadStream(transfer, () -> streamOpen = false);
    }

    // ---- plumbing

    /** Logs out (QUIT) and closes the connection; a connection that already failed is just closed. */
    @Override
    public void close() throws IOException {
        try {
            if (control.isUsable()) {
                control.exchange(new Command("QUIT", ""));
            }
        } catch (IOException e) {
            // the server went away first: nothing left to say goodbye to
        } finally {
            control.close();
        }
    }

    private Reply run(String verb, String argument) throws IOException {
        checkIdle();
        return control.expectPositive(new Command(verb, argument));
    }

    private void checkIdle() {
        if (streamOpen) {
            throw new IllegalStateException("a transfer stream is open; close it before the next call");
        }
    }

    private List<String> readLines(Command command) throws IOException {
        checkIdle();
        OpenTransfer transfer = data.open(command, 0, -1, ProgressListener.NONE);
        List<String> lines = readAll(transfer, command);
        transfer.complete();
        return lines;
    }

    /** A listing's lines, up to the end of the data (the server closes it); a failure aborts the transfer. */
    private List<String> readAll(OpenTransfer transfer, Command command) throws IOException {
        List<String> lines = new ArrayList<>();
        LineReader reader = LineReader.lenient(transfer.input(), MAX_LISTING_LINE);
        try {
            while (true) {
                try {
                    lines.add(reader.readLine());
                } catch (LineReader.LineTooLongException e) {
                    control.notice(command.verb() + ": skipped a listing line longer than " + MAX_LISTING_LINE
                            + " bytes");
                }
            }
        } catch (EOFException end) {
            // the listing is complete when the server closes the data connection
        } catch (IOException e) {
            throw transfer.abort(e);
        }
        return lines;
    }

    /** Like {@code InputStream.transferTo}, with blocks large enough for a fast link (it uses 16 KiB). */
    private static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; total += n) {
            out.write(buffer, 0, n);
        }
        return total;
    }

    private long sizeOrUnknown(String remote) throws IOException {
        Reply reply = control.exchange(new Command("SIZE", remote));
        return reply.code() == 213 ? parseSize(reply) : -1;
    }

    private static long parseSize(Reply reply) throws FtpException {
        try {
            return Long.parseLong(reply.text().strip());
        } catch (NumberFormatException e) {
            throw new FtpException("SIZE: unreadable size in reply " + reply);
        }
    }

    private static Optional<Instant> parseTime(Reply reply) {
        try {
            return Optional.of(FtpTime.parse(reply.text().strip()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The path in a 257 reply: between the first quote and its closing quote, "" standing for one. */
    static String quotedPath(Reply reply) throws FtpException {
        String text = reply.text();
        int open = text.indexOf('"');
        if (open < 0) {
            throw new FtpException("PWD: no quoted path in reply " + reply);
        }
        StringBuilder path = new StringBuilder();
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    path.append('"');
                    i++;
                } else {
                    return path.toString();
                }
            } else {
                path.append(c);
            }
        }
        throw new FtpException("PWD: unterminated quoted path in reply " + reply);
    }

    /**
     * Where a download to {@code local} is kept until it is complete: a hidden file beside it, which
     * {@link #resumeDownload} continues from.
     */
    public static Path partFile(Path local) {
        Path name = local.getFileName();
        return local.resolveSibling("." + name + ".part");
    }
}
