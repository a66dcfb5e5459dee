package dev.ferry.server.session;

import dev.ferry.protocol.Command;
import dev.ferry.protocol.LineReader;
import dev.ferry.protocol.Reply;
import dev.ferry.server.tls.ServerTls;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The control connection of one session.
 *
 * <p>While no transfer runs, the session's own thread reads the next command: an idle session is one parked
 * virtual thread, and a command costs no hand-off between threads. For a transfer a watcher thread takes
 * over the reading, so that ABOR and STAT reach the running transfer (RFC 959 §4.1.3): it hands each
 * command to an interceptor first and queues the rest. It gives the reading back with the first command it
 * reads while the session waits with nothing queued, or with AUTH, after which the bytes are a TLS
 * handshake, not lines. Replies may come from several threads, so each is written whole under a lock.
 *
 * <p>After AUTH and its handshake the lines are read over TLS; whatever the client sent in the clear after
 * AUTH and before the handshake is dropped, never run as if it had come over TLS (the STARTTLS command
 * injection, CVE-2011-0411).
 */
final class ControlChannel implements AutoCloseable {

    /** What {@link #next} gives the session. */
    sealed interface Event {
        record Line(Command command) implements Event {
        }

        /** A line that could not be read as a command (too long, not UTF-8); the session goes on. */
        record Unreadable(IOException problem) implements Event {
        }

        record Closed() implements Event {
        }

        /** The server is shutting down: the session answers 421 and ends. */
        record Shutdown() implements Event {
        }
    }

    /** What the watcher queues; after the event that hands back, the session reads for itself again. */
    private record Watched(Event event, boolean handsBack) {
    }

    /** Commands pipelined during a transfer beyond this wait in the socket, which slows a flooding client. */
    private static final int QUEUE_CAPACITY = 64;
    static final int MAX_LINE = 8192;

    private static final int BUSY = 0;
    private static final int WAITING = 1;
    private static final int SHUT = 2;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final SessionLog log;
    /** BUSY while the session works on a command, WAITING while it waits for the next, SHUT once shut down. */
    private final AtomicInteger state = new AtomicInteger(BUSY);
    private volatile boolean shutdownRequested;
    private volatile Socket socket;
    private OutputStream out;
    private LineReader lines;
    /** Only while a watcher owns the reading (from a transfer's start until it hands back). */
    private BlockingQueue<Watched> watched;
    private volatile Thread watcher;

    ControlChannel(Socket socket, SessionLog log) throws IOException {
        this.socket = socket;
        // Unbuffered: each reply is written whole in one call, and an idle session holds no buffer.
        this.out = socket.getOutputStream();
        this.lines = new LineReader(socket.getInputStream(), MAX_LINE);
        this.log = log;
    }

    /**
     * Runs the server side of a TLS handshake on the connection; replies and lines then use TLS. Called
     * before the first command (implicit FTPS) or after the reply to AUTH, by the session's thread.
     */
    SSLSession startTls(ServerTls tls, Duration timeout) throws IOException {
        writeLock.lock();
        try {
            SSLSocket secured = tls.handshake(socket, timeout);
            socket = secured;
            out = secured.getOutputStream();
            lines = new LineReader(secured.getInputStream(), MAX_LINE); // drops what was buffered in the clear
            return secured.getSession();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The next event, or empty after {@code timeout} of silence. The session's thread only; between two calls
     * the session is busy with a command, and a shutdown waits for it.
     */
    Optional<Event> next(Duration timeout) throws InterruptedException {
        state.set(WAITING);
        if (shutdownRequested && state.compareAndSet(WAITING, BUSY)) {
            return Optional.of(new Event.Shutdown());
        }
        Event event = watched != null ? poll(timeout) : read(timeout);
        if (!state.compareAndSet(WAITING, BUSY)) {
            return Optional.of(new Event.Closed()); // shutdown() answered 421 and closed the connection meanwhile
        }
        return Optional.ofNullable(event);
    }

    private Event poll(Duration timeout) throws InterruptedException {
        Watched next = watched.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
            return null;
        }
        if (next.handsBack()) {
            watched = null;
            watcher = null;
        }
        return next.event();
    }

    /** A line read on the calling thread; null when the timeout ran out. */
    private Event read(Duration timeout) {
        try {
            // Rounded up, and never 0 (which means no timeout): when it runs out, the session's limit has too.
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, (timeout.toNanos() + 999_999) / 1_000_000)));
            return readEvent();
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            log.debug("control connection ended: " + e.getMessage());
            return new Event.Closed();
        }
    }

    private Event readEvent() throws IOException {
        try {
            return new Event.Line(Command.parse(lines.readLine()));
        } catch (LineReader.LineTooLongException | LineReader.MalformedLineException e) {
            return new Event.Unreadable(e);
        } catch (EOFException e) {
            log.debug("client closed the control connection");
            return new Event.Closed();
        }
    }

    /**
     * A transfer starts: a watcher reads on, and {@code interceptor} sees each command first and returns true
     * when it consumed it. The session's thread only; a watcher still reading from the last transfer goes on.
     */
    void watchDuringTransfer(Predicate<Command> interceptor) throws IOException {
        if (watched != null) {
            return;
        }
        socket.setSoTimeout(0); // the session's idle timeout does not apply while a transfer runs
        watched = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
        BlockingQueue<Watched> queue = watched;
        watcher = Thread.ofVirtual().name("ferry-control-watcher").start(() -> watch(queue, interceptor));
    }

    private void watch(BlockingQueue<Watched> queue, Predicate<Command> interceptor) {
        try {
            while (true) {
                Event event;
                try {
                    event = readEvent();
                } catch (IOException e) {
                    log.debug("control connection ended: " + e.getMessage());
                    event = new Event.Closed();
                }
                if (event instanceof Event.Closed) {
                    queue.offer(new Watched(event, true));
                    return;
                }
                if (event instanceof Event.Line line && interceptor.test(line.command())) {
                    continue;
                }
                // The session waiting with nothing queued means no transfer runs and none can start before it
                // takes this event: it may read for itself again.
                boolean auth = event instanceof Event.Line line && line.command().verb().equals("AUTH");
                boolean handsBack = auth || state.get() == WAITING && queue.isEmpty();
                queue.put(new Watched(event, handsBack));
                if (handsBack) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the session is closing
        }
    }

    /**
     * Ends the session at its next idle moment with {@code reply} (server shutdown). Any thread: a session
     * waiting for a command is answered and closed now; a busy one answers when it next waits.
     */
    void shutdown(Reply reply) {
        shutdownRequested = true;
        if (state.compareAndSet(WAITING, SHUT)) {
            try {
                reply(reply);
            } catch (IOException e) {
                log.debug("shutdown reply failed: " + e.getMessage());
            }
            close();
        }
    }

    void reply(Reply reply) throws IOException {
        if (log.isDebug()) {
            log.debug("> " + reply.toWire().stripTrailing().replace("\r\n", " | "));
        }
        byte[] bytes = reply.toWire().getBytes(StandardCharsets.UTF_8);
        writeLock.lock();
        try {
            out.write(bytes);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
        Thread reading = watcher;
        if (reading != null) {
            reading.interrupt(); // it may wait on a full queue that nobody takes from any more
        }
    }
}
