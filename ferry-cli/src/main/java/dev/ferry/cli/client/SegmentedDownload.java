package dev.ferry.cli.client;

import dev.ferry.client.FtpClient;
import dev.ferry.client.FtpException;
import dev.ferry.client.FtpReplyException;
import dev.ferry.client.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A download in several parts at once, as lftp's pget does: each part over its own session, which starts
 * the file at the part's offset (REST) and closes the transfer once it has the part's bytes. Every part is
 * written at its offset into one file of the full length, kept under the client's partial-download name
 * ({@link FtpClient#partFile}) and renamed when all parts are in. After a failure the file is cut back to
 * the bytes that are in without a gap, so {@code --resume} continues it.
 *
 * <p>One stream is used when parts would be smaller than {@link #MIN_SEGMENT}, when the server does not
 * announce SIZE and REST STREAM (RFC 3659), or when it refuses REST after all.
 */
final class SegmentedDownload {

    /** The smallest part worth its own session (lftp's pget:min-chunk-size). */
    static final long MIN_SEGMENT = 1L << 20;
    private static final int BUFFER = 64 * 1024;

    /** Opens one more session to the same server and logs it in; {@code number} counts from 2. */
    @FunctionalInterface
    interface Sessions {
        FtpClient open(int number) throws IOException;
    }

    /** The bytes from {@code start} up to, not including, {@code end}. */
    record Range(long start, long end) {
        long length() {
            return end - start;
        }
    }

    private final FtpClient main;
    private final String remote;
    private final Path local;
    private final ProgressListener progress;
    private final Consumer<String> notice;

    SegmentedDownload(FtpClient main, String remote, Path local, ProgressListener progress, Consumer<String> notice) {
        this.main = main;
        this.remote = remote;
        this.local = local;
        this.progress = progress;
        this.notice = notice;
    }

    /** How many parts: as many as wanted, as long as each has at least {@link #MIN_SEGMENT} bytes. */
    static int count(long bytes, int wanted) {
        return (int) Math.max(1, Math.min(wanted, bytes / MIN_SEGMENT));
    }

    /** {@code [start, end)} cut into {@code count} contiguous ranges whose lengths differ by one at most. */
    static List<Range> split(long start, long end, int count) {
        long length = end - start;
        long base = length / count;
        long extra = length % count;
        List<Range> ranges = new ArrayList<>(count);
        long at = start;
        for (int i = 0; i < count; i++) {
            long next = at + base + (i < extra ? 1 : 0);
            ranges.add(new Range(at, next));
            at = next;
        }
        return ranges;
    }

    /** Where the bytes in stop having a gap: the end of the leading ranges that are complete, and beyond. */
    static long contiguous(List<Range> ranges, long[] done) {
        long end = ranges.getFirst().start();
        for (int i = 0; i < ranges.size(); i++) {
            end = ranges.get(i).start() + done[i];
            if (done[i] < ranges.get(i).length()) {
                break;
            }
        }
        return end;
    }

    void run(int wanted, boolean resume, Sessions sessions) throws IOException {
        boolean restStream = main.features().parameters("REST").map(p -> p.equalsIgnoreCase("STREAM")).orElse(false);
        if (!main.features().has("SIZE") || !restStream) {
            notice.accept("the server does not announce SIZE and REST STREAM, which parts need; downloading "
                    + "in one stream");
            single(resume);
            return;
        }
        long total = main.size(remote);
        Path part = FtpClient.partFile(local);
        long start = 0;
        if (resume) {
            if (!Files.exists(part) && Files.isRegularFile(local)) {
                Files.move(local, part); // as FtpClient.resumeDownload does: a plain file is a partial one
            }
            start = Files.exists(part) ? Files.size(part) : 0;
            start = start > total ? 0 : start; // the remote file changed: start over
        }
        if (count(total - start, wanted) < 2) {
            single(resume);
            return;
        }
        List<FtpClient> clients = new ArrayList<>(List.of(main));
        try {
            clients.addAll(openSessions(count(total - start, wanted) - 1, sessions));
            if (!fetch(clients, split(start, total, clients.size()), part, start, total)) {
                single(false);
            }
        } finally {
            for (FtpClient extra : clients.subList(1, clients.size())) {
                try {
                    extra.close();
                } catch (IOException e) {
                    // the parts are in or the failure is reported; a failed QUIT changes nothing
                }
            }
        }
    }

    private void single(boolean resume) throws IOException {
        if (resume) {
            main.resumeDownload(remote, local, progress);
        } else {
            main.download(remote, local, progress);
        }
    }

    /** Opens the extra sessions at once; with fewer than asked (a session limit), the download uses those. */
    private List<FtpClient> openSessions(int count, Sessions sessions) {
        FtpClient[] opened = new FtpClient[count];
        IOException[] failed = new IOException[count];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            threads.add(Thread.ofVirtual().name("ferry-get-connect-" + (i + 2)).start(() -> {
                try {
                    opened[index] = sessions.open(index + 2);
                } catch (IOException e) {
                    failed[index] = e;
                }
            }));
        }
        joinAll(threads); // which also makes the threads' writes to the arrays visible here
        List<FtpClient> clients = Arrays.stream(opened).filter(Objects::nonNull).toList();
        Arrays.stream(failed).filter(Objects::nonNull).findFirst().ifPresent(first -> notice.accept("only "
                + (clients.size() + 1) + " of " + (count + 1) + " sessions could be opened (" + first.getMessage()
                + "); downloading in " + (clients.isEmpty() ? "one stream" : clients.size() + 1 + " parts")));
        return clients;
    }

    /**
     * Fetches every range over its own session into {@code part}, then moves it into place. Returns false when
     * the server refused REST (and nothing else failed): the caller downloads in one stream instead.
     */
    private boolean fetch(List<FtpClient> clients, List<Range> ranges, Path part, long start, long total)
            throws IOException {
        AtomicLongArray done = new AtomicLongArray(ranges.size());
        AtomicLong moved = new AtomicLong(start);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<IOException> failure = new AtomicReference<>();
        AtomicReference<FtpReplyException> restRefused = new AtomicReference<>();
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.truncate(start); // whatever an earlier run left beyond the resumed bytes goes
            // the full length at once (sparse where the file system allows), so parts never extend the file
            channel.write(ByteBuffer.allocate(1), total - 1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < ranges.size(); i++) {
                int index = i;
                threads.add(Thread.ofVirtual().name("ferry-get-part-" + (i + 1)).start(() -> {
                    try {
                        fetchRange(clients.get(index), ranges.get(index), channel, total, stop, bytes -> {
                            done.addAndGet(index, bytes);
                            progress.progress(moved.addAndGet(bytes), total);
                        });
                    } catch (FtpReplyException e) {
                        stop.set(true);
                        if (e.command().startsWith("REST ")) {
                            restRefused.compareAndSet(null, e);
                        } else {
                            failure.compareAndSet(null, e);
                        }
                    } catch (IOException e) {
                        stop.set(true);
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            joinAll(threads);
            if (failure.get() != null || restRefused.get() != null) {
                long[] fetched = new long[ranges.size()];
                for (int i = 0; i < fetched.length; i++) {
                    fetched[i] = done.get(i);
                }
                channel.truncate(contiguous(ranges, fetched));
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        if (restRefused.get() != null) {
            notice.accept("the server refused to start part-way (" + restRefused.get().reply()
                    + "); downloading in one stream");
            return false;
        }
        Files.move(part, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    @FunctionalInterface
    private interface Counter {
        void add(long bytes);
    }

    /** Reads exactly the range's bytes from its own transfer, then ends that transfer. */
    private void fetchRange(FtpClient client, Range range, FileChannel channel, long total, AtomicBoolean stop,
                            Counter counter) throws IOException {
        InputStream in = client.openDownload(remote, range.start());
        long position = range.start();
        try {
            byte[] buffer = new byte[BUFFER];
            while (position < range.end() && !stop.get()) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, range.end() - position));
                if (n < 0) {
                    in.close(); // the server's reply says why: a failure (426) is thrown as such
                    throw new FtpException(remote + " ended at byte " + position + " of the " + total
                            + " that SIZE announced: it changed during the download; try again");
                }
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                while (bytes.hasRemaining()) {
                    position += channel.write(bytes, position);
                }
                counter.add(n);
            }
        } catch (IOException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        try {
            in.close(); // before its end: the transfer is cut off, and the server's 426 or 226 accepted
        } catch (IOException e) {
            // the range is complete, or abandoned for a failure reported elsewhere: this changes nothing
        }
    }

    /** Waits for every thread, even when interrupted: they write into a file and sessions we close next. */
    private static void joinAll(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
