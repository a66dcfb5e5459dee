package dev.ferry.client;

import dev.ferry.protocol.Command;
import dev.ferry.protocol.Reply;
import dev.ferry.protocol.ReplyReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The control connection: sends commands and reads replies, telling the trace about each. Writes are locked
 * because a transfer's keepalive sends NOOP from its own thread; replies are read by one thread at a time.
 * {@link #secure} moves it onto TLS.
 */
final class ControlConnection implements Closeable {

    private static final int MAX_REPLY_LINE = 64 * 1024;

    private Socket socket;
    private ReplyReader replies;
    private OutputStream out;
    private final TraceListener trace;
    private final Duration replyTimeout;
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile boolean broken;

    private ControlConnection(Socket socket, TraceListener trace, Duration replyTimeout) throws IOException {
        this.trace = trace;
        this.replyTimeout = replyTimeout;
        use(socket);
    }

    private void use(Socket socket) throws IOException {
        this.socket = socket;
        this.replies = new ReplyReader(socket.getInputStream(), MAX_REPLY_LINE);
        this.out = socket.getOutputStream();
    }

    /**
     * Runs the TLS handshake and carries on over TLS: right after connecting for implicit FTPS, after the
     * server's 234 to {@code AUTH TLS} for explicit (RFC 4217 §4). Nothing is buffered at either point: the
     * server says no more until the client speaks TLS.
     */
    void secure(TlsConnector tls) throws IOException {
        writeLock.lock();
        try {
            SSLSocket secured = tls.secureControl(socket);
            use(secured);
            SSLSession session = secured.getSession();
            event(new TraceEvent.TlsEstablished(Instant.now(), TraceEvent.Channel.CONTROL, session.getProtocol(),
                    session.getCipherSuite(), false));
        } catch (IOException e) {
            broken = true;
            throw e;
        } finally {
            writeLock.unlock();
        }
    }

    static ControlConnection open(InetSocketAddress server, ClientOptions options) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            // an urgent byte would be read as part of a reply otherwise
            socket.setOOBInline(true);
            socket.connect(server, millis(options.connectTimeout()));
            socket.setSoTimeout(millis(options.replyTimeout()));
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new SocketTimeoutException("connection to " + describe(server) + " timed out after "
                    + options.connectTimeout().toSeconds() + "s");
        } catch (java.net.ConnectException e) {
            socket.close();
            throw new java.net.ConnectException("cannot connect to " + describe(server) + ": " + e.getMessage());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        ControlConnection control = new ControlConnection(socket, options.trace(), options.replyTimeout());
        control.event(new TraceEvent.ConnectionOpened(Instant.now(), TraceEvent.Channel.CONTROL,
                TraceEvent.Opener.CLIENT, control.localAddress(), control.remoteAddress()));
        return control;
    }

    static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    static String describe(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    void send(Command command) throws IOException {
        String line = command.verb() + " " + command.argument();
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0 || line.indexOf('\0') >= 0) {
            // a line break in a file name would end the command and start another (command injection)
            throw new IllegalArgumentException("a command, name or argument cannot contain CR, LF or NUL");
        }
        checkUsable();
        writeLock.lock();
        try {
            out.write(command.toWire().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            broken = true;
            throw e;
        } finally {
            writeLock.unlock();
        }
        event(new TraceEvent.CommandSent(Instant.now(), command.toLoggable()));
    }

    /** The next reply, preliminary or not; a timeout or garbage leaves the connection unusable. */
    Reply read(String awaiting) throws IOException {
        checkUsable();
        Reply reply;
        try {
            reply = replies.read();
        } catch (SocketTimeoutException e) {
            broken = true;
            throw new SocketTimeoutException("no reply to " + awaiting + " within " + replyTimeout.toSeconds()
                    + "s");
        } catch (IOException e) {
            broken = true;
            throw e;
        }
        event(new TraceEvent.ReplyReceived(Instant.now(), reply));
        if (reply.code() == 421) {
            broken = true; // RFC 959: the server is closing the control connection
        }
        return reply;
    }

    /** Sends a command and returns its final reply, skipping preliminary ones. */
    Reply exchange(Command command) throws IOException {
        send(command);
        Reply reply = read(command.verb());
        while (reply.isPreliminary()) {
            reply = read(command.verb());
        }
        return reply;
    }

    /** Sends a command and returns its final reply, or throws when the reply is not positive. */
    Reply expectPositive(Command command) throws IOException {
        Reply reply = exchange(command);
        if (!reply.isPositive()) {
            throw new FtpReplyException(command.toLoggable(), reply);
        }
        return reply;
    }

    /** Tells the trace about a decision the client took on its own. */
    void notice(String text) {
        event(new TraceEvent.Notice(Instant.now(), text));
    }

    void event(TraceEvent event) {
        trace.onEvent(event);
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    InetSocketAddress remoteAddress() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    boolean isUsable() {
        return !broken && !socket.isClosed();
    }

    private void checkUsable() throws IOException {
        if (!isUsable()) {
            throw new FtpException("the control connection to " + describe(remoteAddress())
                    + " is closed or out of step; connect again");
        }
    }

    @Override
    public void close() throws IOException {
        if (socket.isClosed()) {
            return;
        }
        InetSocketAddress local = localAddress();
        InetSocketAddress remote = remoteAddress();
        socket.close();
        event(new TraceEvent.ConnectionClosed(Instant.now(), TraceEvent.Channel.CONTROL, local, remote));
    }
}
