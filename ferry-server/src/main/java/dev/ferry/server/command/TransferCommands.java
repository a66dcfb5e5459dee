package dev.ferry.server.command;

import dev.ferry.protocol.Reply;
import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import dev.ferry.server.data.DataConnection;
import dev.ferry.server.fs.VirtualFileSystem.Resolved;
import dev.ferry.server.limits.Bandwidth;
import dev.ferry.server.limits.Quota;
import dev.ferry.server.limits.QuotaExceededException;
import dev.ferry.server.session.Session;
import dev.ferry.server.session.TransferLog;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
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

    static Reply stor(Session s, String path) throws ReplyException, IOException {
        long offset = restartOffset(s);
        Resolved file = writableFile(s, path);
        Quota.Upload quota = s.quota().beforeUpload(file.real(), offset);
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

    static Reply appe(Session s, String path) throws ReplyException, IOException {
        s.takeRestartOffset();
        Resolved file = writableFile(s, path);
        Quota.Upload quota = s.quota().beforeUpload(file.real(), Files.exists(file.real()) ? Files.size(file.real()) : 0);
        try (FileChannel channel = FileChannel.open(file.real(), StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
            long end = channel.size();
            return run(s, file, TransferLog.Direction.INCOMING, quota,
                    c -> c.receive(channel, end, s.type() == Session.TransferType.ASCII));
        }
    }

    /** RFC 959 STOU and RFC 1123 §4.1.2.9: stores under a name no file has, and tells it ("FILE: name"). */
    static Reply stou(Session s, String argument) throws ReplyException, IOException {
        s.takeRestartOffset();
        String base = argument.isBlank() ? "ferry" : argument;
        for (int attempt = 0; attempt < 100; attempt++) {
            String name = attempt == 0 && !argument.isBlank() ? base
                    : base + "." + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
            Resolved file = writableFile(s, name);
            if (Files.exists(file.real(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Quota.Upload quota = s.quota().beforeUpload(file.real(), 0);
            FileChannel channel;
            try {
                channel = FileChannel.open(file.real(), StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
            } catch (FileAlreadyExistsException e) {
                quota.cancel(); // another session took the name
                continue;
            }
            try (channel) {
                return run(s, file, TransferLog.Direction.INCOMING, quota,
                        c -> c.receive(channel, 0, s.type() == Session.TransferType.ASCII));
            }
        }
        throw new ReplyException(ReplyCode.FILE_UNAVAILABLE, "No unique name found");
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
