package dev.ferry.client;

import dev.ferry.protocol.TlsRecords;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
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
    /** Room for several records: one read from the socket, then as many unwraps as it brought. */
    private static final int RECORDS_PER_IO = 8;

    private final Socket socket;
    private final SSLEngine engine;
    private final Duration timeout;
    private final TlsRecords records;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Input input = new Input();
    private final Output output = new Output();
    /** Written and not yet wrapped; kept ready for filling. */
    private ByteBuffer appOut;
    private boolean inboundDone;
    private boolean ended;

    private TlsDataChannel(Socket socket, SSLEngine engine, Duration timeout) throws IOException {
        this.socket = socket;
        this.engine = engine;
        this.timeout = timeout;
        this.records = new TlsRecords(socket, engine, RECORDS_PER_IO);
        this.appOut = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    /**
     * Runs the client's handshake on {@code socket} and returns the channel; {@code timeout} bounds the
     * handshake and, at the end, the wait for the server to close.
     */
    static TlsDataChannel handshake(Socket socket, SSLEngine engine, Duration timeout) throws IOException {
        TlsDataChannel channel = new TlsDataChannel(socket, engine, timeout);
        channel.records.handshake(socket, timeout, "server",
                status -> status != HandshakeStatus.FINISHED && status != HandshakeStatus.NOT_HANDSHAKING);
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

    /** Wraps and sends under the write lock: a reader may have to answer a post-handshake message. */
    private void wrap(ByteBuffer source) throws IOException {
        writeLock.lock();
        try {
            records.wrap(source);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Reads until there are application bytes to return or the stream ended, answering what TLS asks on the
     * way (a key update, the reply to close_notify). False at the end of the stream.
     */
    private boolean fill() throws IOException {
        while (!records.application().hasRemaining()) {
            if (inboundDone) {
                return false;
            }
            SSLEngineResult result = records.unwrap();
            if (result == null) {
                // The server closed the socket without close_notify: many do. The transfer's final reply,
                // on the protected control connection, says whether the data is complete.
                inboundDone = true;
                return records.application().hasRemaining();
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                inboundDone = true;
            }
            HandshakeStatus status = result.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                status = records.runTasks();
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
                records.application().position(records.application().limit()); // nothing to keep after an upload
            }
        } catch (IOException e) {
            // The data went out: a server that closed before our goodbye lost nothing. The final reply says.
        }
    }

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            return fill() ? records.application().get() & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            ByteBuffer appIn = records.application();
            int n = Math.min(len, appIn.remaining());
            appIn.get(b, off, n);
            return n;
        }

        @Override
        public int available() {
            return records.application().remaining();
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
