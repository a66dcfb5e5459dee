package dev.ferry.server.session;

import dev.ferry.protocol.Command;
import dev.ferry.protocol.LineReader;
import dev.ferry.protocol.Reply;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The control connection of one session. A reader thread turns lines into events on a bounded queue, so
 * the session can be busy with a transfer and still see ABOR and STAT (RFC 959 §4.1.3): the reader hands
 * each command to an interceptor first. Replies may come from both threads, so each is written whole under
 * a lock.
 */
final class ControlChannel implements AutoCloseable {

    /** What the session's thread takes from the queue. */
    sealed interface Event {
        record Line(Command command) implements Event {
        }

        /** A line that could not be read as a command (too long, not UTF-8); the session goes on. */
        record Unreadable(IOException problem) implements Event {
        }

        record Closed() implements Event {
        }

        record Shutdown() implements Event {
        }
    }

    /** Pipelined commands beyond this wait in the socket, which slows a flooding client down. */
    private static final int QUEUE_CAPACITY = 64;
    static final int MAX_LINE = 8192;

    private final Socket socket;
    private final OutputStream out;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final SessionLog log;
    private Thread reader;

    ControlChannel(Socket socket, SessionLog log) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 4096);
        this.log = log;
    }

    /** Starts reading; {@code interceptor} sees each command first and returns true when it consumed it. */
    void startReading(Predicate<Command> interceptor) {
        reader = Thread.ofVirtual().name("ferry-control-reader").start(() -> readLoop(interceptor));
    }

    private void readLoop(Predicate<Command> interceptor) {
        try {
            LineReader lines = new LineReader(socket.getInputStream(), MAX_LINE);
            while (true) {
                Event event;
                try {
                    Command command = Command.parse(lines.readLine());
                    if (interceptor.test(command)) {
                        continue;
                    }
                    event = new Event.Line(command);
                } catch (LineReader.LineTooLongException | LineReader.MalformedLineException e) {
                    event = new Event.Unreadable(e);
                }
                events.put(event);
            }
        } catch (EOFException e) {
            log.debug("client closed the control connection");
        } catch (IOException e) {
            log.debug("control connection ended: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            events.offer(new Event.Closed());
        }
    }

    /** The next event, or empty after {@code timeout} of silence. */
    Optional<Event> next(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Asks the session to end at its next idle moment. */
    void shutdown() {
        if (!events.offer(new Event.Shutdown())) {
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
            out.flush();
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
        if (reader != null) {
            reader.interrupt();
        }
    }
}
