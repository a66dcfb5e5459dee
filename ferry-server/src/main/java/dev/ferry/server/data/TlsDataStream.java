package dev.ferry.server.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * The server's TLS over a data connection's socket, driven through an {@link SSLEngine} with blocking reads
 * and writes on the socket's streams.
 *
 * <p>Why an engine and not an {@code SSLSocket}: after a TLS 1.3 handshake the server owes the client a
 * NewSessionTicket (RFC 8446 §4.6.1). An {@code SSLSocket} writes it as the handshake ends; on a loaded
 * machine that can be after an uploading client (lftp) has sent the whole file and closed, and the client's
 * kernel answers the late ticket with a reset, which cost the server the end of the upload (426). The engine
 * leaves the ticket pending (measured with JDK 25: unwrapping the client's Finished leaves the engine at
 * NEED_WRAP with no handshake session; only the next wrap emits the ticket). So the handshake here stops there,
 * and pending post-handshake messages (the ticket, a KeyUpdate answer, which RFC 8446 §4.6.3 only requires
 * before our next data) go out with the first write or with close_notify, after an upload has been read to
 * its end. JSSE has no per-connection switch to suppress the ticket, and the control connection's tickets
 * are what data connections resume.
 *
 * <p>One thread at a time: a data connection's transfer runs on its session's thread.
 */
public final class TlsDataStream {

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);
    private static final int RECORDS_PER_IO = 4;

    private final Socket socket;
    private final SSLEngine engine;
    private final InputStream rawIn;
    private final OutputStream rawOut;
    /** Received and not yet unwrapped; kept ready for draining. */
    private ByteBuffer netIn;
    /** Unwrapped and not yet read; kept ready for draining. */
    private ByteBuffer appIn;
    /** Wrapped and not yet written; kept ready for filling. */
    private ByteBuffer netOut;
    private boolean inboundDone;

    private TlsDataStream(Socket socket, SSLEngine engine) throws IOException {
        this.socket = socket;
        this.engine = engine;
        this.rawIn = socket.getInputStream();
        this.rawOut = socket.getOutputStream();
        SSLSession session = engine.getSession();
        this.netIn = ByteBuffer.allocate(RECORDS_PER_IO * session.getPacketBufferSize()).flip();
        this.appIn = ByteBuffer.allocate(session.getApplicationBufferSize()).flip();
        this.netOut = ByteBuffer.allocate(RECORDS_PER_IO * session.getPacketBufferSize());
    }

    /**
     * Runs the server's side of the handshake on {@code socket} within {@code timeout} and returns the
     * stream. {@code engine} is in server mode and was made for the socket's peer host and port, which a
     * full handshake records in the session (a resumed one keeps those of the session it resumes).
     */
    public static TlsDataStream handshake(Socket socket, SSLEngine engine, Duration timeout) throws IOException {
        TlsDataStream stream = new TlsDataStream(socket, engine);
        int before = socket.getSoTimeout();
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
        try {
            stream.handshake();
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("the client did not finish the TLS handshake within "
                    + timeout.toSeconds() + "s");
        } finally {
            socket.setSoTimeout(before);
        }
        return stream;
    }

    /** The negotiated session. */
    public SSLSession session() {
        return engine.getSession();
    }

    /** Closes the socket without a goodbye (a refused connection). */
    public void abandon() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that was asked
        }
    }

    private void handshake() throws IOException {
        engine.beginHandshake();
        HandshakeStatus status = engine.getHandshakeStatus();
        while (handshaking(status)) {
            status = switch (status) {
                case NEED_WRAP -> wrap(NOTHING).getHandshakeStatus();
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult result = unwrap();
                    if (result == null) {
                        throw new EOFException("the client closed the data connection during the TLS handshake");
                    }
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SSLException("the client ended TLS on the data connection during the handshake");
                    }
                    yield result.getHandshakeStatus();
                }
                case NEED_TASK -> runTasks();
                case FINISHED, NOT_HANDSHAKING -> status;
            };
        }
    }

    /**
     * Whether the handshake still needs a step now. In TLS 1.3 the client's Finished ends the handshake
     * (RFC 8446 §2), so a wrap asked for after it, when there is no handshake session left, is a
     * post-handshake message (the session ticket): it waits for the first write or the close. In TLS 1.2 the
     * same state means the server's own Finished (after a full handshake), which the client waits for.
     */
    private boolean handshaking(HandshakeStatus status) {
        return switch (status) {
            case FINISHED, NOT_HANDSHAKING -> false;
            case NEED_WRAP -> engine.getHandshakeSession() != null
                    || !"TLSv1.3".equals(engine.getSession().getProtocol());
            case NEED_UNWRAP, NEED_UNWRAP_AGAIN, NEED_TASK -> true;
        };
    }

    private HandshakeStatus runTasks() {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
        return engine.getHandshakeStatus();
    }

    /**
     * Wraps all of {@code source} (with what TLS has pending before it) or, when it is empty, one handshake
     * or closing message, and writes the records.
     */
    private SSLEngineResult wrap(ByteBuffer source) throws IOException {
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
            netOut.clear();
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
     * Reads into {@code b} what the client sent, -1 at the end: its close_notify, or the socket's end (the
     * transfer's caller decides whether that is complete). Post-handshake messages needing an answer are
     * answered with our next write; a handshake the client starts (TLS 1.2 renegotiation) is answered now.
     */
    int read(byte[] b, int off, int len) throws IOException {
        while (!appIn.hasRemaining()) {
            if (inboundDone) {
                return -1;
            }
            SSLEngineResult result = unwrap();
            if (result == null || result.getStatus() == SSLEngineResult.Status.CLOSED) {
                inboundDone = true;
                continue;
            }
            HandshakeStatus status = result.getHandshakeStatus();
            while (handshaking(status) && status != HandshakeStatus.NEED_UNWRAP
                    && status != HandshakeStatus.NEED_UNWRAP_AGAIN) {
                status = status == HandshakeStatus.NEED_TASK ? runTasks() : wrap(NOTHING).getHandshakeStatus();
            }
        }
        int n = Math.min(len, appIn.remaining());
        appIn.get(b, off, n);
        return n;
    }

    /** Encrypts and sends {@code b}, after what TLS has pending (the session ticket, on a first write). */
    void write(byte[] b, int off, int len) throws IOException {
        wrap(ByteBuffer.wrap(b, off, len));
    }

    /**
     * Sends close_notify (after anything pending) and half-closes the socket. Only close_notify: an
     * {@code SSLSocket}'s close on TLS 1.3 sends user_canceled first, which GnuTLS (lftp) takes for a fatal
     * alert and so for a failed transfer.
     */
    void closeOutbound() throws IOException {
        engine.closeOutbound();
        while (!engine.isOutboundDone()) {
            wrap(NOTHING);
        }
        socket.shutdownOutput();
    }
}
