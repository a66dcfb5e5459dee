package dev.ferry.server.session;

import dev.ferry.protocol.Command;
import dev.ferry.protocol.LineReader;
import dev.ferry.protocol.Reply;
import dev.ferry.server.tls.ServerTls;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The control connection of one session. A reader thread turns lines into events on a bounded queue, so
 * the session can be busy with a transfer and still see ABOR and STAT (RFC 959 §4.1.3): the reader hands
 * each command to an interceptor first. Replies may come from both threads, so each is written whole under
 * a lock.
 *
 * <p>After AUTH the reader stops until the session has answered it, because what follows a 234 is a TLS
 * handshake, not a line; it then goes on over TLS, and whatever the client sent in the clear after AUTH and
 * before the handshake is dropped, never run as if it had come over TLS (the STARTTLS command injection,
 * CVE-2011-0411).
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

    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    /** Where the reader goes on after AUTH: the same socket, or the TLS socket over it. */
    private final SynchronousQueue<Socket> resume = new SynchronousQueue<>();
    private final SessionLog log;
    private volatile Socket socket;
    private OutputStream out;
    private Thread reader;

    ControlChannel(Socket socket, SessionLog log) throws IOException {
        this.socket = socket;
        // Unbuffered: each reply is written whole in one call, and an idle session holds no buffer.
        this.out = socket.getOutputStream();
        this.log = log;
    }

    /** Whether the reader waits after this command until {@link #continueReading} (see the class comment). */
    static boolean pausesReading(Command command) {
        return command.verb().equals("AUTH");
    }

    /**
     * Runs the server side of a TLS handshake on the connection; replies and the reader then use TLS. Called
     * before {@link #startReading} (implicit FTPS) or while the reader waits after AUTH.
     */
    SSLSession startTls(ServerTls tls, Duration timeout) throws IOException {
        writeLock.lock();
        try {
            SSLSocket secured = tls.handshake(socket, timeout);
            socket = secured;
            out = secured.getOutputStream();
            return secured.getSession();
        } finally {
            writeLock.unlock();
        }
    }

    /** Lets the reader go on after a command that {@link #pausesReading}, over the connection as it is now. */
    void continueReading() throws IOException, InterruptedException {
        resume.put(socket);
    }

    /** Starts reading; {@code interceptor} sees each command first and returns true when it consumed it. */
    void startReading(Predicate<Command> interceptor) {
        reader = Thread.ofVirtual().name("ferry-control-reader").start(() -> readLoop(interceptor));
    }

    private void readLoop(Predicate<Command> interceptor) {
        try {
            Socket reading = socket;
            LineReader lines = new LineReader(reading.getInputStream(), MAX_LINE);
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
                if (event instanceof Event.Line line && pausesReading(line.command())) {
                    Socket next = resume.take();
                    if (next != reading) {
                        reading = next;
                        lines = new LineReader(next.getInputStream(), MAX_LINE); // drops what was buffered in the clear
                    }
                }
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
