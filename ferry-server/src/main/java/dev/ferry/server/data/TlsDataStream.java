package dev.ferry.server.data;

import dev.ferry.protocol.TlsRecords;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
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

    private static final int RECORDS_PER_IO = 4;

    private final Socket socket;
    private final SSLEngine engine;
    private final TlsRecords records;
    private boolean inboundDone;

    private TlsDataStream(Socket socket, SSLEngine engine) throws IOException {
        this.socket = socket;
        this.engine = engine;
        this.records = new TlsRecords(socket, engine, RECORDS_PER_IO);
    }

    /**
     * Runs the server's side of the handshake on {@code socket} within {@code timeout} and returns the
     * stream. {@code engine} is in server mode and was made for the socket's peer host and port, which a
     * full handshake records in the session (a resumed one keeps those of the session it resumes).
     */
    public static TlsDataStream handshake(Socket socket, SSLEngine engine, Duration timeout) throws IOException {
        TlsDataStream stream = new TlsDataStream(socket, engine);
        stream.records.handshake(socket, timeout, "client", stream::handshaking);
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

    /**
     * Reads into {@code b} what the client sent, -1 at the end: its close_notify, or the socket's end (the
     * transfer's caller decides whether that is complete). Post-handshake messages needing an answer are
     * answered with our next write; a handshake the client starts (TLS 1.2 renegotiation) is answered now.
     */
    int read(byte[] b, int off, int len) throws IOException {
        ByteBuffer appIn = records.application();
        while (!appIn.hasRemaining()) {
            if (inboundDone) {
                return -1;
            }
            SSLEngineResult result = records.unwrap();
            appIn = records.application();
            if (result == null || result.getStatus() == SSLEngineResult.Status.CLOSED) {
                inboundDone = true;
                continue;
            }
            HandshakeStatus status = result.getHandshakeStatus();
            while (handshaking(status) && status != HandshakeStatus.NEED_UNWRAP
                    && status != HandshakeStatus.NEED_UNWRAP_AGAIN) {
                status = status == HandshakeStatus.NEED_TASK ? records.runTasks()
                        : records.wrapNothing().getHandshakeStatus();
            }
        }
        int n = Math.min(len, appIn.remaining());
        appIn.get(b, off, n);
        return n;
    }

    /** Encrypts and sends {@code b}, after what TLS has pending (the session ticket, on a first write). */
    void write(byte[] b, int off, int len) throws IOException {
        records.wrap(ByteBuffer.wrap(b, off, len));
    }

    /**
     * Sends close_notify (after anything pending) and half-closes the socket. Only close_notify: an
     * {@code SSLSocket}'s close on TLS 1.3 sends user_canceled first, which GnuTLS (lftp) takes for a fatal
     * alert and so for a failed transfer.
     */
    void closeOutbound() throws IOException {
        engine.closeOutbound();
        while (!engine.isOutboundDone()) {
            records.wrapNothing();
        }
        socket.shutdownOutput();
    }
}
