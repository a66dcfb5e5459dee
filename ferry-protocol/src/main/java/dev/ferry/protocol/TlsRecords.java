package dev.ferry.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS records over a socket's blocking streams, driven through an {@link SSLEngine}: the part of a TLS data
 * connection that client and server share. Each side adds its own rules (when its handshake is over, when
 * pending messages go out, how it closes). Not thread-safe: a caller that wraps from two threads locks.
 */
public final class TlsRecords {

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final InputStream rawIn;
    private final OutputStream rawOut;
    /** Received and not yet unwrapped; kept ready for draining. */
    private ByteBuffer netIn;
    /** Unwrapped and not yet read; kept ready for draining. */
    private ByteBuffer appIn;
    /** Wrapped and not yet written; kept ready for filling. */
    private ByteBuffer netOut;

    /** {@code recordsPerIo}: how many TLS records one socket read or write may carry. */
    public TlsRecords(Socket socket, SSLEngine engine, int recordsPerIo) throws IOException {
        this.engine = engine;
        this.rawIn = socket.getInputStream();
        this.rawOut = socket.getOutputStream();
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(recordsPerIo * packet).flip();
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
        this.netOut = ByteBuffer.allocate(recordsPerIo * packet);
    }

    public SSLEngine engine() {
        return engine;
    }

    /** What was decrypted and not yet taken, ready for draining (the buffer may change after an unwrap). */
    public ByteBuffer application() {
        return appIn;
    }

    /**
     * Runs the handshake on {@code socket} while {@code handshaking} says a step is still due, within
     * {@code timeout}; {@code peer} ("client", "server") names the other side in errors.
     */
    public void handshake(Socket socket, Duration timeout, String peer, Predicate<HandshakeStatus> handshaking)
            throws IOException {
        int before = socket.getSoTimeout();
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
        try {
            engine.beginHandshake();
            HandshakeStatus status = engine.getHandshakeStatus();
            while (handshaking.test(status)) {
                status = switch (status) {
                    case NEED_WRAP -> wrapNothing().getHandshakeStatus();
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        SSLEngineResult result = unwrap();
                        if (result == null) {
                            throw new EOFException("the " + peer + " closed the data connection during the TLS"
                                    + " handshake");
                        }
                        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                            throw new SSLException("the " + peer + " ended TLS on the data connection during the"
                                    + " handshake");
                        }
                        yield result.getHandshakeStatus();
                    }
                    case NEED_TASK -> runTasks();
                    case FINISHED, NOT_HANDSHAKING -> status;
                };
            }
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("the TLS handshake on the data connection took longer than "
                    + timeout.toSeconds() + "s");
        } finally {
            socket.setSoTimeout(before);
        }
    }

    public HandshakeStatus runTasks() {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
        return engine.getHandshakeStatus();
    }

    /** Sends one handshake or closing message (and what TLS has pending before it). */
    public SSLEngineResult wrapNothing() throws IOException {
        return wrap(NOTHING);
    }

    /** Wraps all of {@code source} (after what TLS has pending) and writes the records. */
    public SSLEngineResult wrap(ByteBuffer source) throws IOException {
        while (true) {
            SSLEngineResult result = engine.wrap(source, netOut);
            switch (result.getStatus()) {
                case BUFFER_OVERFLOW -> {
                    if (netOut.position() > 0) {
                        writeOut();
                    } else {
                        netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2,
                                engine.getSession().getPacketBufferSize()));
                    }
                    continue;
                }
                case CLOSED -> {
                    if (source.hasRemaining()) {
                        throw new SSLException("TLS on the data connection is closed; no more data can be sent");
                    }
                }
                case OK, BUFFER_UNDERFLOW -> { }
            }
            if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            if (!source.hasRemaining()) {
                writeOut();
                return result;
            }
            if (netOut.remaining() < engine.getSession().getPacketBufferSize()) {
                writeOut(); // a few records per socket write
            }
        }
    }

    private void writeOut() throws IOException {
        if (netOut.position() > 0) {
            rawOut.write(netOut.array(), 0, netOut.position());
            rawOut.flush();
            netOut.clear();
        }
    }

    /**
     * Unwraps one TLS record into {@link #application}, reading from the socket as needed; null when the
     * socket ends first.
     */
    public SSLEngineResult unwrap() throws IOException {
        while (true) {
            appIn.compact();
            SSLEngineResult result;
            try {
                result = engine.unwrap(netIn, appIn);
            } finally {
                appIn.flip();
            }
            switch (result.getStatus()) {
                case OK, CLOSED -> {
                    return result;
                }
                case BUFFER_OVERFLOW -> appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
                case BUFFER_UNDERFLOW -> {
                    if (netIn.limit() == netIn.capacity() && netIn.position() == 0) {
                        netIn = grow(netIn, engine.getSession().getPacketBufferSize());
                    }
                    netIn.compact();
                    int n;
                    try {
                        n = rawIn.read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
                    } finally {
                        netIn.flip();
                    }
                    if (n < 0) {
                        return null;
                    }
                    netIn.limit(netIn.limit() + n);
                }
            }
        }
    }

    /** A larger buffer holding the same unread bytes, ready for draining. */
    private static ByteBuffer grow(ByteBuffer readable, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(atLeast, readable.capacity() * 2) + readable.remaining());
        bigger.put(readable);
        return bigger.flip();
    }
}
