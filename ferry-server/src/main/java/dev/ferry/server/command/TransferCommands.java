package dev.ferry.server.command;

import dev.ferry.protocol.Reply;
import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import dev.ferry.server.data.DataConnection;
import dev.ferry.server.fs.Uploads;
import dev.ferry.server.fs.WriteBehind;
import dev.ferry.server.fs.VirtualFileSystem.Resolved;
import dev.ferry.server.limits.Bandwidth;
import dev.ferry.server.limits.Quota;
import dev.ferry.server.limits.QuotaExceededException;
import dev.ferry.server.session.Session;
import dev.ferry.server.session.TransferLog;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Set;

/** File transfers and their parameters: RETR, STOR, STOU, APPE, REST, TYPE, MODE, STRU, ALLO, ABOR. */
final class TransferCommands {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TransferCommands() {
    }

    static Reply type(Session s, String argument) throws ReplyException {
        switch (argument.toUpperCase(Locale.ROOT).strip()) {
            case "A", "A N" -> s.type(Session.TransferType.ASCII);
            case "I", "L 8" -> s.type(Session.TransferType.BINARY);
            default -> throw new ReplyException(ReplyCode.PARAMETER_NOT_IMPLEMENTED,
                    "TYPE " + argument + " not supported; use A or I");
        }
        return Reply.of(ReplyCode.OK, "Type set to " + (s.type() == Session.TransferType.ASCII ? "A" : "I"));
    }

    static Reply mode(Session s, String argument) throws ReplyException {
        if (!argument.equalsIgnoreCase("S")) {
            throw new ReplyException(ReplyCode.PARAMETER_NOT_IMPLEMENTED, "Only MODE S (stream) is supported");
        }
        return Reply.of(ReplyCode.OK, "Mode set to S");
    }

    static Reply stru(Session s, String argument) throws ReplyException {
        if (!argument.equalsIgnoreCase("F")) {
            throw new ReplyException(ReplyCode.PARAMETER_NOT_IMPLEMENTED, "Only STRU F (file) is supported");
        }
        return Reply.of(ReplyCode.OK, "Structure set to F");
    }

    static Reply allo(Session s, String argument) {
        return Reply.of(ReplyCode.NOT_NEEDED, "ALLO not needed on this server");
    }

    /** RFC 3659 §5: REST STREAM; the offset applies to the next RETR, STOR or APPE. */
    static Reply rest(Session s, String argument) throws ReplyException {
        long offset;
        try {
            offset = Long.parseLong(argument.strip());
        } catch (NumberFormatException e) {
            throw new ReplyException(ReplyCode.ARGUMENT_SYNTAX_ERROR, "REST needs a byte offset");
        }
        if (offset < 0) {
            throw new ReplyException(ReplyCode.ARGUMENT_SYNTAX_ERROR, "REST offset must not be negative");
        }
        s.restartOffset(offset);
        return Reply.of(ReplyCode.PENDING_FURTHER_INFO, "Restarting at " + offset + "; send RETR, STOR or APPE");
    }

    static Reply abor(Session s, String argument) {
        if (s.takeLastTransferAborted()) {
            return Reply.of(ReplyCode.CLOSING_DATA, "ABOR successful; transfer aborted");
        }
        return Reply.of(ReplyCode.DATA_OPEN_NO_TRANSFER, "No transfer to abort");
    }

    static Reply retr(Session s, String path) throws ReplyException, IOException {
        long offset = restartOffset(s);
        Resolved file = FileCommands.regularFile(s, path);
        try (FileChannel channel = FileChannel.open(file.real(), StandardOpenOption.READ)) {
            if (offset > channel.size()) {
                throw new ReplyException(ReplyCode.RESTART_INVALID,
                        "Restart offset " + offset + " is beyond the end of the file (" + channel.size() + " bytes)");
            }
            return run(s, file, TransferLog.Direction.OUTGOING, Quota.Upload.UNLIMITED,
                    c -> c.send(channel, offset, s.type() == Session.TransferType.ASCII));
        }
    }

    /**
     * STOR. With atomic-uploads the bytes go to the upload's hidden name ({@link Uploads}) and replace the
     * file only once the transfer is complete: until then readers see the previous version, and a transfer
     * cut off (ABOR, lost or stalled connection, full disk, crash) leaves the file as it was and the partial
     * upload under the hidden name, where {@code REST n} + STOR continues it.
     */
    static Reply stor(Session s, String path) throws ReplyException, IOException {
        long offset = restartOffset(s);
        Resolved file = writableFile(s, path);
        boolean ascii = s.type() == Session.TransferType.ASCII;
        Quota.Upload quota = s.quota().beforeUpload(file.real(), offset);
        try (Uploads.Claim claim = Uploads.claim(file.real(), file.virtual())) {
            if (!s.config().atomicUploads()) {
                return storInPlace(s, file, offset, quota);
            }
            boolean existed = Files.exists(claim.temporary(), LinkOption.NOFOLLOW_LINKS);
            boolean[] started = {false};
            try (FileChannel channel = openPartial(claim, offset, file.virtual())) {
                return run(s, file, TransferLog.Direction.INCOMING, quota, c -> {
                    started[0] = true;
                    channel.truncate(offset); // a new upload, or a resumed one, drops what followed the offset
                    long bytes;
                    try (WriteBehind flushing = WriteBehind.start(channel)) {
                        bytes = c.receive(channel, offset, ascii);
                    }
                    replace(claim, channel);
                    return bytes;
                });
            } finally {
                if (!existed && !started[0]) {
                    Files.deleteIfExists(claim.temporary()); // no data connection: no upload to keep
                }
            }
        }
    }

    /** STOR with atomic-uploads off: written in place, as most servers do; readers may see it half-written. */
    private static Reply storInPlace(Session s, Resolved file, long offset, Quota.Upload quota)
            throws ReplyException, IOException {
        Set<OpenOption> options = offset == 0
                ? Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)
                : Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        try (FileChannel channel = FileChannel.open(file.real(), options)) {
            if (offset > channel.size()) {
                throw new ReplyException(ReplyCode.RESTART_INVALID,
                        "Restart offset " + offset + " is beyond the end of the file (" + channel.size() + " bytes)");
            }
            channel.truncate(offset); // a resumed upload replaces whatever followed the offset
            return run(s, file, TransferLog.Direction.INCOMING, quota,
                    c -> c.receive(channel, offset, s.type() == Session.TransferType.ASCII));
        }
    }

    /**
     * Opens the hidden file an upload writes, holding at least {@code offset} bytes (RFC 3659 §5.5: the REST
     * marker is where the server's copy continues). Above 0 that is the partial upload left by an earlier
     * attempt; without one, a copy of the file's first {@code offset} bytes (a client resuming the old way,
     * from the size of the file itself). Nothing is dropped yet: that waits for the data connection, so a
     * STOR that gets none (425) does not cost the client its partial upload.
     */
    private static FileChannel openPartial(Uploads.Claim claim, long offset, String virtual)
            throws ReplyException, IOException {
        Path partial = claim.temporary();
        if (offset == 0) {
            return FileChannel.open(partial, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    LinkOption.NOFOLLOW_LINKS);
        }
        if (Files.exists(partial, LinkOption.NOFOLLOW_LINKS)) {
            FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            long size = channel.size();
            if (size < offset) {
                channel.close();
                throw new ReplyException(ReplyCode.RESTART_INVALID, "Restart offset " + offset
                        + " is beyond the partial upload of " + virtual + " (" + size + " bytes); REST " + size + " or less");
            }
            return channel;
        }
        Path target = claim.target();
        long size = Files.isRegularFile(target) ? Files.size(target) : -1;
        if (size < offset) {
            throw new ReplyException(ReplyCode.RESTART_INVALID, "Restart offset " + offset
                    + (size < 0 ? " for " + virtual + ", which has no partial upload and does not exist"
                    : " is beyond the end of the file (" + size + " bytes)"));
        }
        FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW,
                LinkOption.NOFOLLOW_LINKS);
        try (FileChannel source = FileChannel.open(target, StandardOpenOption.READ)) {
            long copied = 0;
            while (copied < offset) {
                long n = source.transferTo(copied, offset - copied, channel);
                if (n <= 0) {
                    throw new IOException(virtual + " shrank while its first " + offset + " bytes were copied");
                }
                copied += n;
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            // A copy cut short (full disk) is not a partial upload: the client never sent those bytes.
            channel.close();
            Files.deleteIfExists(partial);
            throw e;
        }
    }

    /**
     * Moves a complete upload over its target in one step (rename(2) within a folder): readers see the old
     * file or the new one, never a mix. The bytes reach the disk first, so a crash cannot leave the new name
     * on an empty file. The file keeps the Unix mode it had.
     */
    private static void replace(Uploads.Claim claim, FileChannel channel) throws IOException {
        channel.force(true);
        Path partial = claim.temporary();
        Path target = claim.target();
        keepMode(target, partial);
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void keepMode(Path target, Path partial) throws IOException {
        try {
            Files.setPosixFilePermissions(partial, Files.getPosixFilePermissions(target));
        } catch (NoSuchFileException | UnsupportedOperationException e) {
            // a new file, or a file system without Unix modes: the default mode
        }
    }

    /**
     * APPE (RFC 959 §4.1.3) writes in place, also with atomic-uploads: its point is to add to the file
     * that is there, and an atomic append would copy the whole file for every call. Clients that resume an
     * upload with APPE (curl) expect their earlier bytes under the file's own name, too. The claim still
     * keeps two writers apart.
     */
    static Reply appe(Session s, String path) throws ReplyException, IOException {
        s.takeRestartOffset();
        Resolved file = writableFile(s, path);
        Quota.Upload quota = s.quota().beforeUpload(file.real(), Files.exists(file.real()) ? Files.size(file.real()) : 0);
        try (Uploads.Claim claim = Uploads.claim(file.real(), file.virtual());
             FileChannel channel = FileChannel.open(file.real(), StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
            long end = channel.size();
            return run(s, file, TransferLog.Direction.INCOMING, quota,
                    c -> c.receive(channel, end, s.type() == Session.TransferType.ASCII));
        }
    }

    /**
     * RFC 959 STOU and RFC 1123 §4.1.2.9: stores under a name no file has, and tells it ("FILE: name").
     * With atomic-uploads the upload is written under its hidden name as STOR does, and linked to the new
     * name only when complete; link(2) refuses a name that came to exist meanwhile, where a rename would
     * replace it.
     */
    static Reply stou(Session s, String argument) throws ReplyException, IOException {
        s.takeRestartOffset();
        boolean ascii = s.type() == Session.TransferType.ASCII;
        String base = argument.isBlank() ? "ferry" : argument;
        for (int attempt = 0; attempt < 100; attempt++) {
            String name = attempt == 0 && !argument.isBlank() ? base
                    : base + "." + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
            Resolved file = writableFile(s, name);
            if (Files.exists(file.real(), LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Uploads.Claim claim;
            try {
                claim = Uploads.claim(file.real(), file.virtual());
            } catch (ReplyException busy) {
                continue;
            }
            Quota.Upload quota;
            try {
                quota = s.quota().beforeUpload(file.real(), 0);
            } catch (ReplyException | IOException | RuntimeException e) {
                claim.close();
                throw e;
            }
            try (claim) {
                boolean atomic = s.config().atomicUploads();
                Path written = atomic ? claim.temporary() : file.real();
                FileChannel channel;
                try {
                    channel = FileChannel.open(written, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW,
                            LinkOption.NOFOLLOW_LINKS);
                } catch (FileAlreadyExistsException e) {
                    quota.cancel();
                    continue; // the file, or a partial upload of it that REST + STOR may still resume
                }
                boolean[] started = {false};
                try (channel) {
                    return run(s, file, TransferLog.Direction.INCOMING, quota, c -> {
                        started[0] = true;
                        long bytes;
                        try (WriteBehind flushing = atomic ? WriteBehind.start(channel) : null) {
                            bytes = c.receive(channel, 0, ascii);
                        }
                        if (atomic) {
                            channel.force(true);
                            linkAsNew(claim, file.virtual());
                        }
                        return bytes;
                    });
                } finally {
                    if (atomic && !started[0]) {
                        Files.deleteIfExists(written); // no data connection: the name was never given out
                    }
                }
            }
        }
        throw new ReplyException(ReplyCode.FILE_UNAVAILABLE, "No unique name found");
    }

    private static void linkAsNew(Uploads.Claim claim, String virtual) throws IOException {
        Path partial = claim.temporary();
        try {
            Files.createLink(claim.target(), partial);
        } catch (FileAlreadyExistsException e) {
            throw new FileSystemException(virtual, null, "name taken by another file during the upload; send STOU again");
        } catch (UnsupportedOperationException | FileSystemException e) {
            // no hard links here (FAT, some network file systems): a move that checks first
            Files.move(partial, claim.target());
            return;
        }
        Files.delete(partial);
    }

    @FunctionalInterface
    private interface Copy {
        long run(DataConnection connection) throws IOException;
    }

    /**
     * Runs one file transfer under the bandwidth limits and, for an upload, the quota ({@code quota} is
     * {@link Quota.Upload#UNLIMITED} for downloads); then writes its log line and its transfer-log line,
     * whatever the outcome.
     */
    private static Reply run(Session s, Resolved file, TransferLog.Direction direction, Quota.Upload quota, Copy copy)
            throws ReplyException, IOException {
        long start = System.nanoTime();
        long[] bytes = {0};
        boolean complete = false;
        String name = "FILE: " + file.name();
        var user = s.user().orElseThrow();
        Bandwidth bandwidth = s.context().limits().bandwidth();
        try {
            s.transfer(name, c -> {
                c.throttle(direction == TransferLog.Direction.OUTGOING ? bandwidth.forDownload(s.config(), user)
                        : bandwidth.forUpload(s.config(), user));
                c.checkReceived(quota::received);
                try {
                    bytes[0] = copy.run(c);
                } catch (QuotaExceededException e) {
                    bytes[0] = c.bytesTransferred();
                    quota.rollBack();
                    throw new ReplyException(ReplyCode.EXCEEDED_STORAGE, e.getMessage());
                } catch (IOException e) {
                    bytes[0] = c.bytesTransferred();
                    throw e;
                }
            });
            complete = true;
            return Reply.of(ReplyCode.CLOSING_DATA, "Transfer complete, " + bytes[0] + " bytes"
                    + (direction == TransferLog.Direction.INCOMING ? " (" + name + ")" : ""));
        } finally {
            long millis = (System.nanoTime() - start) / 1_000_000;
            quota.settle();
            String verb = direction == TransferLog.Direction.OUTGOING ? "download" : "upload";
            s.log().info(verb + " " + file.virtual() + (complete ? " complete, " + bytes[0] + " bytes in " + millis + " ms"
                    : " failed"));
            s.context().transferLog().record(millis, s.clientAddress().getHostAddress(), bytes[0], file.virtual(),
                    s.type() == Session.TransferType.ASCII, direction, user.anonymous(), user.name(), complete);
        }
    }

    private static long restartOffset(Session s) throws ReplyException {
        long offset = s.takeRestartOffset();
        if (offset > 0 && s.type() == Session.TransferType.ASCII) {
            throw new ReplyException(ReplyCode.RESTART_INVALID,
                    "Resuming is supported in binary mode only; send TYPE I");
        }
        return offset;
    }

    private static Resolved writableFile(Session s, String path) throws ReplyException, IOException {
        Resolved file = s.resolve(path);
        if (Files.isDirectory(file.real())) {
            throw new ReplyException(ReplyCode.FILE_UNAVAILABLE, path + ": Is a directory");
        }
        return file;
    }
}
