package dev.ferry.server.data;

import dev.ferry.server.config.ConfigKeys;
import dev.ferry.protocol.HostPort;
import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Opens active-mode data connections: from the data port (control port - 1, RFC 959 §3.2) when it can be
 * bound, else from an ephemeral port. SO_REUSEADDR lets many transfers share the data port at once: each
 * connection is its own 4-tuple, and Linux allows the shared bind as long as nothing listens on the port.
 */
public final class ActiveConnector {

    private static final System.Logger LOG = System.getLogger(ActiveConnector.class.getName());

    private final int dataPort;
    private final AtomicBoolean dataPortUnavailable = new AtomicBoolean();

    /** @param dataPort the source port to use, 0 for an ephemeral port */
    public ActiveConnector(int dataPort) {
        this.dataPort = dataPort;
    }

    public SocketChannel connect(HostPort target, InetAddress localAddress, Duration timeout)
            throws ReplyException {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            bindSource(channel, localAddress);
            channel.socket().connect(target.toSocketAddress(), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return channel;
        } catch (SocketTimeoutException e) {
            closeQuietly(channel);
            throw new ReplyException(ReplyCode.CANT_OPEN_DATA, "Cannot open data connection to " + target
                    + ": no answer within " + ConfigKeys.duration(timeout) + "; a firewall or NAT on the client side "
                    + "blocks it, use passive mode");
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ReplyException(ReplyCode.CANT_OPEN_DATA, "Cannot open data connection to " + target + ": "
                    + e.getMessage() + "; use passive mode");
        }
    }

    private void bindSource(SocketChannel channel, InetAddress localAddress) throws IOException {
        if (dataPort > 0 && !dataPortUnavailable.get()) {
            try {
                channel.bind(new InetSocketAddress(localAddress, dataPort));
                return;
            } catch (IOException e) {
                if (dataPortUnavailable.compareAndSet(false, true)) {
                    LOG.log(Level.WARNING, "active data port " + dataPort + " cannot be bound (" + e.getMessage()
                            + "); active connections use ephemeral ports. Port " + dataPort + " needs "
                            + "CAP_NET_BIND_SERVICE when below 1024");
                }
            }
        }
        channel.bind(new InetSocketAddress(localAddress, 0));
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing else to release
            }
        }
    }
}
