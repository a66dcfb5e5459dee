package dev.ferry.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * TLS over a data connection's socket, driven through an {@link SSLEngine} with blocking reads and writes on
 * the socket's streams.
 *
 * <p>Why an engine and not an {@code SSLSocket}: servers refuse a protected data connection that does not
 * resume the control connection's TLS session (vsftpd's {@code require_ssl_reuse}, ProFTPD, FileZilla
 * Server), and the JDK finds a session to resume by the peer's host and port. A layered {@code SSLSocket}
 * reports the data socket's own port, so it never finds the control connection's session; an engine is
 * created with the host and port it is told, here the control connection's ({@link TlsConnector}).
 *
 * <p>One thread reads and one writes at a time; writes are locked because a reader may have to answer a
 * post-handshake message. Written bytes are buffered up to one TLS record; {@link #end} sends the rest.
 */
final class TlsDataChannel implements DataChannel {

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);
    private static final int RECORDS_PER_READ = 8;

    private final Socket socket;
    private final SSLEngine engine;
    private final Duration timeout;
    private final InputStream rawIn;
    private final OutputStream rawOut;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Input input = new Input();
    private final Output output = new Output();
    /** Received and not yet unwrapped; kept ready for draining. */
    private ByteBuffer netIn;
    /** Unwrapped and not yet read; kept ready for draining. */
    private ByteBuffer appIn;
    /** Written and not yet wrapped; kept ready for filling. */
    private ByteBuffer appOut;
    private ByteBuffer netOut;
    private boolean inboundDone;
    private boolean ended;

    private TlsDataChannel(Socket socket, SSLEngine engine, Duration timeout) throws IOException {
        this.socket = socket;
        this.engine = engine;
        this.timeout = timeout;
        this.rawIn = socket.getInputStream();
        this.rawOut = socket.getOutputStream();
        SSLSession session = engine.getSession();
        // room for several records: one read from the socket, then as many unwraps as it brought
        this.netIn = ByteBuffer.allocate(RECORDS_PER_READ * session.getPacketBufferSize()).flip();
        this.appIn = ByteBuffer.allocate(session.getApplicationBufferSize()).flip();
        this.appOut = ByteBuffer.allocate(session.getApplicationBufferSize());
        this.netOut = ByteBuffer.allocate(session.getPacketBufferSize());
    }

    /**
     * Runs the client's handshake on {@code socket} and returns the channel; {@code timeout} bounds the
     * handshake and, at the end, the wait for the server to close.
     */
    static TlsDataChannel handshake(Socket socket, SSLEngine engine, Duration timeout) throws IOException {
        TlsDataChannel channel = new TlsDataChannel(socket, engine, timeout);
        int before = socket.getSoTimeout();
        socket.setSoTimeout(ControlConnection.millis(timeout));
        try {
            channel.handshake();
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("the TLS handshake on the data connection took longer than "
                    + timeout.toSeconds() + "s");
        } finally {
            socket.setSoTimeout(before);
        }
        return channel;
    }

    SSLSession session() {
        return engine.getSession();
    }

    SSLEngine engine() {
        return engine;
    }

    @Override
    public Socket socket() {
        return socket;
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    private void handshake() throws IOException {
        engine.beginHandshake();
        HandshakeStatus status = engine.getHandshakeStatus();
        while (status != HandshakeStatus.FINISHED && status != HandshakeStatus.NOT_HANDSHAKING) {
            status = switch (status) {
                case NEED_WRAP -> wrap(NOTHING).getHandshakeStatus();
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult result = unwrap();
                    if (result == null) {
                        throw new EOFException("the server closed the data connection during the TLS handshake");
                    }
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SSLException("the server ended TLS on the data connection during the handshake");
                    }
                    yield result.getHandshakeStatus();
                }
                case NEED_TASK -> runTasks();
                case FINISHED, NOT_HANDSHAKING -> status;
            };
        }
    }

    private HandshakeStatus runTasks() {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
        return engine.getHandshakeStatus();
    }

    /** Wraps all of {@code source} (or one handshake or closing message) and writes the records. */
    private SSLEngineResult wrap(ByteBuffer source) throws IOException {
        writeLock.lock();
        try {
            while (true) {
                netOut.clear();
                SSLEngineResult result = engine.wrap(source, netOut);
                if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2,
                            engine.getSession().getPacketBufferSize()));
                    continue;
                }
                if (result.getStatus() == SSLEngineResult.Status.CLOSED && source.hasRemaining()) {
                    throw new SSLException("TLS on the data connection is closed; no more data can be sent");
                }
                rawOut.write(netOut.array(), 0, netOut.position());
                if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                    runTasks();
                }
                if (!source.hasRemaining()) {
                    rawOut.flush();
                    return result;
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Unwraps one TLS record into {@link #appIn}, reading from the socket as needed; null when the socket
     * ends first.
     */
    private SSLEngineResult unwrap() throws IOException {
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

    /**
     * Reads until there are application bytes to return or the stream ended, answering what TLS asks on the
     * way (a key update, the reply to close_notify). False at the end of the stream.
     */
    private boolean fill() throws IOException {
        while (!appIn.hasRemaining()) {
            if (inboundDone) {
                return false;
            }
            SSLEngineResult result = unwrap();
            if (result == null) {
                // The server closed the socket without close_notify: many do. The transfer's final reply,
                // on the protected control connection, says whether the data is complete.
                inboundDone = true;
                return appIn.hasRemaining();
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                inboundDone = true;
            }
            HandshakeStatus status = result.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                status = runTasks();
            }
            if (status == HandshakeStatus.NEED_WRAP) {
                wrap(NOTHING);
            }
        }
        return true;
    }

    /**
     * Sends what is buffered, then close_notify, half-closes the socket and reads until the server closes
     * its side: closing a socket with unread bytes (a TLS 1.3 session ticket, the server's close_notify)
     * resets the connection, which can cost the server the last bytes of an upload.
     */
    @Override
    public void end() throws IOException {
        if (ended) {
            return;
        }
        ended = true;
        output.flushRecords();
        try {
            engine.closeOutbound();
            while (!engine.isOutboundDone()) {
                wrap(NOTHING);
            }
            socket.shutdownOutput();
            socket.setSoTimeout(ControlConnection.millis(timeout));
            while (fill()) {
                appIn.position(appIn.limit()); // a server sends nothing after an upload; nothing to keep
            }
        } catch (IOException e) {
            // The data went out: a server that closed before our goodbye lost nothing. The final reply says.
        }
    }

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            return fill() ? appIn.get() & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, appIn.remaining());
            appIn.get(b, off, n);
            return n;
        }

        @Override
        public int available() {
            return appIn.remaining();
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (ended) {
                throw new IOException("the data connection was ended");
            }
            while (len > 0) {
                if (!appOut.hasRemaining()) {
                    flushRecords();
                }
                int n = Math.min(len, appOut.remaining());
                appOut.put(b, off, n);
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            flushRecords();
        }

        void flushRecords() throws IOException {
            if (appOut.position() == 0) {
                return;
            }
            appOut.flip();
            try {
                wrap(appOut);
            } finally {
                appOut.clear();
            }
        }
    }
}
