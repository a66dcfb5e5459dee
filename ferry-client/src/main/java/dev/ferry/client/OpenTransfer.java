package dev.ferry.client;

import dev.ferry.protocol.Command;
import dev.ferry.protocol.Reply;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Instant;
import javax.net.ssl.SSLException;

/**
 * A transfer whose data connection is open: the streams to move the bytes, then {@link #complete} or
 * {@link #cancel} to read the final reply and leave the control connection ready for the next command.
 */
final class OpenTransfer {

    private final ControlConnection control;
    private final DataChannel channel;
    private final Socket socket;
    private final Command command;
    private final TransferWatch watch;
    private final ProgressListener progress;
    private final long total;
    private final InputStream input;
    private final OutputStream output;
    private final Reply earlyReply;
    private long transferred;
    private boolean finished;

    OpenTransfer(ControlConnection control, DataChannel channel, Command command, ClientOptions options,
                 long offset, long total, ProgressListener progress) throws IOException {
        this.control = control;
        this.channel = channel;
        this.socket = channel.socket();
        this.command = command;
        this.progress = progress;
        this.total = total;
        this.transferred = offset;
        this.earlyReply = null;
        this.input = new Counted(channel.input());
        this.output = new CountedOut(channel.output());
        this.watch = new TransferWatch(control, socket, options);
    }

    /** A transfer the server finished without a data connection (a 2xx where 150 was expected). */
    private OpenTransfer(Reply earlyReply) {
        this.control = null;
        this.channel = null;
        this.socket = null;
        this.command = null;
        this.watch = null;
        this.progress = ProgressListener.NONE;
        this.total = -1;
        this.input = InputStream.nullInputStream();
        this.output = OutputStream.nullOutputStream();
        this.earlyReply = earlyReply;
        this.finished = true;
    }

    static OpenTransfer alreadyComplete(Reply reply) {
        return new OpenTransfer(reply);
    }

    InputStream input() {
        return input;
    }

    OutputStream output() {
        return output;
    }

    /**
     * Ends the transfer after the last byte: ends and closes the data connection (for an upload, that is the
     * end of the file) and reads the final reply.
     *
     * @throws FtpReplyException when the server reports a failure
     */
    Reply complete() throws IOException {
        if (finished) {
            return earlyReply;
        }
        try {
            channel.end(); // while the watch still guards against a stall
        } catch (IOException e) {
            throw abort(stallOr(e));
        }
        Reply reply = finish();
        if (!reply.isPositive()) {
            throw new FtpReplyException(command.toLoggable(), reply);
        }
        return reply;
    }

    /** Ends the transfer early: closes the data connection and reads whatever the server answers. */
    void cancel() throws IOException {
        if (!finished) {
            finish();
        }
    }

    /**
     * Ends a transfer whose data connection failed part-way and returns the failure to throw. When the
     * socket merely broke, the server's final reply is added: it says why (a 426, or vsftpd's {@code 522 SSL
     * connection failed: session reuse required} after it refused TLS on the data connection).
     */
    IOException abort(IOException failure) {
        if (finished) {
            return failure;
        }
        try {
            Reply reply = finish();
            if (!reply.isPositive() && (failure instanceof SocketException || failure instanceof SSLException)) {
                return new FtpException(failure.getMessage() + "; the server answered " + reply, failure);
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    private Reply finish() throws IOException {
        finished = true;
        int noops = watch.stop();
        closeSocket();
        Reply reply = null;
        while (reply == null) {
            Reply next = control.read(command.verb());
            if (next.code() == 200 && noops > 0) {
                noops--; // a keepalive's reply
            } else if (!next.isPreliminary()) {
                reply = next;
            }
        }
        for (; noops > 0; noops--) {
            control.read("NOOP");
        }
        return reply;
    }

    private void closeSocket() {
        if (socket.isClosed() && !watch.stalled()) {
            return;
        }
        InetSocketAddress local = (InetSocketAddress) socket.getLocalSocketAddress();
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        DataConnector.closeQuietly(socket);
        control.event(new TraceEvent.ConnectionClosed(Instant.now(), TraceEvent.Channel.DATA, local, remote));
    }

    private void moved(int bytes) {
        transferred += bytes;
        watch.progressed();
        progress.progress(transferred, total);
    }

    private IOException stallOr(IOException e) {
        if (watch.stalled()) {
            return new FtpException("the data connection stalled: no data moved for "
                    + "longer than the data timeout", e);
        }
        return e;
    }

    private final class Counted extends FilterInputStream {
        Counted(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                if (n > 0) {
                    moved(n);
                }
                return n;
            } catch (IOException e) {
                throw stallOr(e);
            }
        }
    }

    private final class CountedOut extends FilterOutputStream {
        CountedOut(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
                moved(len);
            } catch (IOException e) {
                throw stallOr(e);
            }
        }

        @Override
        public void close() {
            // the transfer's complete() closes the socket
        }
    }
}
