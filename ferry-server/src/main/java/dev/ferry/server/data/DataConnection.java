package dev.ferry.server.data;

import dev.ferry.server.config.ConfigKeys;
import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import dev.ferry.server.config.ByteSize;
import dev.ferry.server.limits.Throttle;
import java.io.InterruptedIOException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open data connection and the transfer running over it. Binary sends from a file use
 * {@link FileChannel#transferTo} (sendfile: no copy through the JVM). ABOR and the stall watchdog stop a
 * transfer by closing the channel from another thread, which makes the blocked call fail at once.
 *
 * <p>A connection protected by TLS ({@link #protect}, PROT P) cannot use sendfile: bytes are encrypted in
 * the JVM, so they stream through heap buffers into the {@link TlsDataStream}, which cuts them into records.
 *
 * <p>A file transfer under a bandwidth limit ({@link #throttle}) moves chunks sized to the rate and waits
 * between them; without one, nothing is added to the loops (sendfile keeps its large counts).
 */
public final class DataConnection implements AutoCloseable {

    /** Bytes per transferTo call: large enough for sendfile to stream, small enough to report progress. */
    private static final long SEND_CHUNK = 8L << 20;
    private static final int BUFFER_SIZE = 256 << 10;

    private final SocketChannel channel;
    /** TLS over the channel after {@link #protect}; the plain path never looks at it. */
    private TlsDataStream tls;
    private final AtomicLong bytes = new AtomicLong();
    private volatile long lastProgressNanos = System.nanoTime();
    /** Time spent waiting on the bandwidth limit: the client is not to blame for it. */
    private final AtomicLong throttledNanos = new AtomicLong();
    private volatile StopReason stopReason;
    private Thread watchdog;
    private Throttle throttle = Throttle.NONE;
    private ReceiveCheck receiveCheck = ReceiveCheck.NONE;
    private long minRate;
    private Duration window = Duration.ZERO;

    private enum StopReason { ABORTED, STALLED, TOO_SLOW }

    /** Called by {@link #receive} with the bytes written so far; throws to stop the upload (a quota). */
    @FunctionalInterface
    public interface ReceiveCheck {
        ReceiveCheck NONE = written -> { };

        void received(long written) throws IOException;
    }

    /** The data connection failed (not the file): the peer vanished, ABOR, or a stall. */
    public static final class DataConnectionLost extends IOException {
        DataConnectionLost(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    public DataConnection(SocketChannel channel) {
        this.channel = channel;
    }

    /** From now on, bytes go through {@code stream}, TLS over this connection's channel. */
    public void protect(TlsDataStream stream) {
        tls = stream;
    }

    /** The bandwidth limits of the transfer about to run; set before {@link #send} or {@link #receive}. */
    public void throttle(Throttle limits) {
        throttle = limits;
    }

    /** What {@link #receive} calls after each write; set before it. */
    public void checkReceived(ReceiveCheck check) {
        receiveCheck = check;
    }

    public InetSocketAddress remoteAddress() throws IOException {
        return (InetSocketAddress) channel.getRemoteAddress();
    }

    public long bytesTransferred() {
        return bytes.get();
    }

    /** Closes the connection under a running transfer, which then ends with 426. Any thread. */
    public void abort() {
        stop(StopReason.ABORTED);
    }

    /**
     * Aborts the transfer if no byte moves for {@code stallTimeout}, or, when {@code minRate} is above 0, if
     * fewer than {@code minRate} bytes a second moved over a whole {@code stallTimeout} (a client trickling a
     * byte now and then). Time the bandwidth limit made the transfer wait does not count against the client.
     */
    public void watch(Duration stallTimeout, long minRate) {
        long limit = stallTimeout.toNanos();
        this.minRate = minRate;
        this.window = stallTimeout;
        watchdog = Thread.ofVirtual().name("ferry-stall-watchdog").start(() -> {
            try {
                long windowStart = System.nanoTime();
                long windowBytes = 0;
                long windowThrottled = 0;
                while (channel.isOpen()) {
                    Thread.sleep(Math.max(50, stallTimeout.toMillis() / 4));
                    long now = System.nanoTime();
                    if (now - lastProgressNanos > limit) {
                        stop(StopReason.STALLED);
                    }
                    long throttled = throttledNanos.get();
                    long clientTime = now - windowStart - (throttled - windowThrottled);
                    if (minRate > 0 && clientTime >= limit) {
                        long moved = bytes.get() - windowBytes;
                        if (moved < minRate * (clientTime / 1_000_000_000.0)) {
                            stop(StopReason.TOO_SLOW);
                        }
                        windowStart = now;
                        windowBytes = bytes.get();
                        windowThrottled = throttled;
                    }
                }
            } catch (InterruptedException e) {
                // the transfer ended
            }
        });
    }

    /** The reply for a failed transfer, naming why it failed. */
    public ReplyException failure(IOException cause, Duration stallTimeout) {
        StopReason reason = stopReason;
        String text = reason == StopReason.ABORTED ? "Transfer aborted; data connection closed"
                : reason == StopReason.STALLED ? "Transfer aborted: no data moved for " + ConfigKeys.duration(stallTimeout)
                : reason == StopReason.TOO_SLOW ? "Transfer aborted: slower than " + ByteSize.format(minRate)
                        + " bytes/s over " + ConfigKeys.duration(window) + " (min-data-rate)"
                : "Data connection lost: " + cause.getMessage();
        return new ReplyException(ReplyCode.TRANSFER_ABORTED, text);
    }

    public boolean wasAborted() {
        return stopReason == StopReason.ABORTED;
    }

    /**
     * Sends the file from {@code position} to its end; LF becomes CRLF when {@code ascii}.
     *
     * <p>transferTo does a plain blocking sendfile, which on a virtual thread holds its carrier thread for as
     * long as the client does not read: a few stalled clients would stop every session and the stall
     * watchdog with them. A write on a virtual thread makes the JDK switch the socket to non-blocking, so an
     * empty write first turns sendfile into a call that returns when the socket buffer is full; a write
     * through a buffer then waits for room by parking, as every other socket operation does.
     */
    public long send(FileChannel file, long position, boolean ascii) throws IOException {
        if (ascii) {
            return sendAscii(file, position);
        }
        if (tls != null) {
            return sendThroughTls(file, position);
        }
        long size = file.size();
        long sent = 0;
        long count = throttle.limited() ? throttle.chunk() : SEND_CHUNK;
        ByteBuffer buffer = null;
        try {
            try {
                channel.write(ByteBuffer.allocate(0));
            } catch (IOException e) {
                throw new DataConnectionLost(e);
            }
            while (position + sent < size) {
                long n;
                try {
                    n = file.transferTo(position + sent, Math.min(count, size - position - sent), channel);
                } catch (IOException e) {
                    throw new DataConnectionLost(e);
                }
                if (n > 0) {
                    sent += n;
                    progress(n);
                    pace(n);
                    continue;
                }
                // The socket buffer is full, or the file shrank: copy one buffer, which waits for room.
                buffer = buffer == null ? DirectBuffers.take(BUFFER_SIZE) : buffer;
                buffer.clear().limit((int) Math.min(Math.min(buffer.capacity(), count), size - position - sent));
                int read = file.read(buffer, position + sent);
                if (read < 0) {
                    break; // the file shrank: stop at its end
                }
                flush(buffer);
                sent += read;
            }
            return sent;
        } finally {
            if (buffer != null) {
                DirectBuffers.give(buffer);
            }
        }
    }

    /** Binary over TLS: the file through one heap buffer into the TLS socket. */
    private long sendThroughTls(FileChannel file, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
        long sent = 0;
        while (true) {
            buffer.clear().limit(Math.min(BUFFER_SIZE, throttle.chunk()));
            int n = file.read(buffer, position + sent);
            if (n < 0) {
                return sent;
            }
            sent += n;
            flush(buffer);
        }
    }

    /** Receives until the peer closes, writing at {@code position}; CRLF becomes LF when {@code ascii}. */
    public long receive(FileChannel file, long position, boolean ascii) throws IOException {
        ByteBuffer buffer = tls == null ? DirectBuffers.take(BUFFER_SIZE) : ByteBuffer.allocate(BUFFER_SIZE);
        try {
            long written = 0;
            AsciiDecoder decoder = ascii ? new AsciiDecoder() : null;
            ByteBuffer out = ascii ? ByteBuffer.allocate(BUFFER_SIZE + 1) : null;
            int step = Math.min(BUFFER_SIZE, throttle.chunk());
            while (true) {
                buffer.clear().limit(step);
                int n;
                try {
                    n = read(buffer);
                } catch (IOException e) {
                    throw new DataConnectionLost(e);
                }
                if (n < 0) {
                    break;
                }
                progress(n);
                pace(n);
                buffer.flip();
                ByteBuffer toWrite = buffer;
                if (decoder != null) {
                    out.clear();
                    decoder.decode(buffer, out);
                    out.flip();
                    toWrite = out;
                }
                while (toWrite.hasRemaining()) {
                    written += file.write(toWrite, position + written);
                }
                receiveCheck.received(written);
            }
            if (decoder != null && decoder.pendingCr()) {
                written += file.write(ByteBuffer.wrap(new byte[] {'\r'}), position + written);
                receiveCheck.received(written);
            }
            return written;
        } finally {
            if (buffer.isDirect()) {
                DirectBuffers.give(buffer);
            }
        }
    }

    private int read(ByteBuffer buffer) throws IOException {
        if (tls == null) {
            return channel.read(buffer);
        }
        int n = tls.read(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        if (n > 0) {
            buffer.position(buffer.position() + n);
        }
        return n;
    }

    /** Sends text (a listing) as UTF-8 with CRLF line ends. */
    public void sendLines(Iterable<String> lines) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 << 10);
        for (String line : lines) {
            byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (bytes.length + 2 > buffer.remaining()) {
                flush(buffer);
            }
            if (bytes.length + 2 > buffer.capacity()) {
                flush(ByteBuffer.wrap(bytes).position(bytes.length));
            } else {
                buffer.put(bytes);
            }
            buffer.put((byte) '\r').put((byte) '\n');
        }
        flush(buffer);
    }

    private long sendAscii(FileChannel file, long position) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(Math.min(BUFFER_SIZE / 2, throttle.chunk()));
        ByteBuffer out = ByteBuffer.allocate(BUFFER_SIZE);
        long sent = 0;
        long readPosition = position;
        byte previous = 0;
        while (true) {
            in.clear();
            int n = file.read(in, readPosition);
            if (n < 0) {
                break;
            }
            readPosition += n;
            in.flip();
            out.clear();
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b == '\n' && previous != '\r') {
                    out.put((byte) '\r');
                }
                out.put(b);
                previous = b;
            }
            sent += out.position();
            flush(out);
        }
        return sent;
    }

    private void flush(ByteBuffer buffer) throws IOException {
        buffer.flip();
        try {
            if (tls != null) {
                int n = buffer.remaining();
                tls.write(buffer.array(), buffer.arrayOffset() + buffer.position(), n);
                progress(n);
                pace(n);
            } else {
                while (buffer.hasRemaining()) {
                    int n = channel.write(buffer);
                    progress(n);
                    pace(n);
                }
            }
        } catch (IOException e) {
            throw new DataConnectionLost(e);
        }
        buffer.clear();
    }

    /**
     * Waits off what the bandwidth limit asks after {@code n} bytes, in short naps so that ABOR and the stall
     * watchdog still end the transfer at once. Does nothing without a limit.
     */
    private void pace(long n) throws DataConnectionLost {
        if (!throttle.limited() || n <= 0) {
            return;
        }
        long wait = throttle.take(n);
        long end = System.nanoTime() + wait;
        throttledNanos.addAndGet(wait);
        lastProgressNanos = Math.max(lastProgressNanos, end); // waiting on the limit is not a stall
        try {
            for (long left = wait; left > 0; left = end - System.nanoTime()) {
                if (stopReason != null) {
                    throw new DataConnectionLost(new IOException("transfer stopped"));
                }
                Thread.sleep(Duration.ofNanos(Math.min(left, 100_000_000L)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataConnectionLost(new InterruptedIOException("interrupted"));
        }
    }

    private void progress(long n) {
        if (n > 0) {
            bytes.addAndGet(n);
            lastProgressNanos = System.nanoTime();
        }
    }

    /**
     * Stops the transfer from another thread. Closing alone does not do it: a virtual thread in
     * {@code transferTo} sits in sendfile inside the kernel, which a close from another thread does not wake
     * (the JDK signals only platform threads), so a client that stops reading would hold it forever.
     * Shutting the output down does wake it, with EPIPE.
     */
    private void stop(StopReason reason) {
        stopReason = reason;
        try {
            channel.shutdownOutput();
        } catch (IOException | NotYetConnectedException ignored) {
            // already closed, or never connected: the close below is all there is to do
        }
        closeChannel();
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is all that was asked
        }
    }

    /**
     * Ends the connection. The close is orderly (FIN), which tells the client that a download or listing
     * is complete (RFC 959 §3.3: stream mode ends with the close); over TLS a close_notify comes first, so
     * the client can tell the end of the data from a cut connection (RFC 4217 §11.2).
     */
    @Override
    public void close() {
        if (watchdog != null) {
            watchdog.interrupt();
        }
        if (tls != null && stopReason == null) {
            try {
                tls.closeOutbound(); // close_notify alone, no user_canceled (see there)
            } catch (IOException ignored) {
                // the channel is closed below either way
            }
        }
        closeChannel();
    }
}
