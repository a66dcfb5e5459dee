package dev.ferry.server.data;

import dev.ferry.server.config.ConfigKeys;
import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/** A leased passive port waiting for the client's data connection. Closing it returns the port. */
public final class PassiveListener implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PassiveListener.class.getName());

    private final ServerSocketChannel channel;
    private final int port;
    private final Runnable release;
    private boolean closed;

    PassiveListener(ServerSocketChannel channel, int port, Runnable release) {
        this.channel = channel;
        this.port = port;
        this.release = release;
    }

    public int port() {
        return port;
    }

    /**
     * Waits for the data connection. Connections from another address than {@code expectedPeer} are closed
     * and the wait goes on (RFC 2577 §5: a third party racing for the port), unless foreign peers are allowed.
     */
    public SocketChannel accept(InetAddress expectedPeer, boolean allowForeign, Duration timeout, String session)
            throws ReplyException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (remainingMillis <= 0) {
                    throw new SocketTimeoutException();
                }
                channel.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
                Socket socket = channel.socket().accept();
                InetAddress peer = ((InetSocketAddress) socket.getRemoteSocketAddress()).getAddress();
                if (allowForeign || Addresses.sameHost(peer, expectedPeer)) {
                    return socket.getChannel();
                }
                LOG.log(Level.WARNING, session + " refused passive data connection on port " + port + " from "
                        + peer.getHostAddress() + ": the client is " + expectedPeer.getHostAddress()
                        + " (passive-allow-foreign is off)");
                socket.close();
            }
        } catch (SocketTimeoutException e) {
            throw new ReplyException(ReplyCode.CANT_OPEN_DATA, "No data connection to passive port " + port
                    + " within " + ConfigKeys.duration(timeout) + "; a firewall may be blocking it, try active mode");
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // the port is released below either way
        } finally {
            release.run();
        }
    }
}
