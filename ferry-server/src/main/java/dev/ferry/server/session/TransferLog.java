package dev.ferry.server.session;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The transfer log in the xferlog format of wu-ftpd and vsftpd, which log analysers read:
 * {@code current-time transfer-time remote-host file-size filename transfer-type special-action-flag
 * direction access-mode username service-name authentication-method authenticated-user-id completion-status}.
 */
public final class TransferLog implements AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss uuuu", Locale.ROOT);

    public enum Direction { OUTGOING('o'), INCOMING('i'), DELETED('d');
        final char code;
        Direction(char code) { this.code = code; }
    }

    private final Optional<Writer> writer;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();

    private TransferLog(Optional<Writer> writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    public static TransferLog open(Optional<Path> file, Clock clock) throws IOException {
        if (file.isEmpty()) {
            return new TransferLog(Optional.empty(), clock);
        }
        Writer w = Files.newBufferedWriter(file.get(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        return new TransferLog(Optional.of(w), clock);
    }

    /** One line per finished (or failed) transfer. */
    public void record(long millis, String remoteHost, long bytes, String virtualPath, boolean ascii,
                       Direction direction, boolean anonymous, String user, boolean complete) {
        if (writer.isEmpty()) {
            return;
        }
        String line = String.format(Locale.ROOT, "%s %d %s %d %s %c _ %c %c %s ftp 0 * %c%n",
                TIME.format(ZonedDateTime.ofInstant(clock.instant(), ZoneId.systemDefault())),
                Math.max(1, (millis + 999) / 1000), remoteHost, bytes, virtualPath.replace(' ', '_'),
                ascii ? 'a' : 'b', direction.code, anonymous ? 'a' : 'r', user, complete ? 'c' : 'i');
        lock.lock();
        try {
            writer.get().write(line);
            writer.get().flush();
        } catch (IOException e) {
            // A full log disk must not fail the transfer that was logged.
            System.getLogger(TransferLog.class.getName()).log(System.Logger.Level.WARNING,
                    "transfer log write failed: " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        if (writer.isPresent()) {
            writer.get().close();
        }
    }
}
