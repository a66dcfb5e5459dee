package dev.ferry.server.data;

import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import dev.ferry.server.config.PortRange;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out passive listeners on ports of the configured range. A port is leased until its listener is
 * closed; whether a port is free is decided by {@code bind()} itself, so ports that another program holds
 * are skipped. The cursor walks the range so that a port just released is the last to be used again.
 */
public final class PassivePortPool {

    private static final System.Logger LOG = System.getLogger(PassivePortPool.class.getName());

    private final PortRange range;
    private final Set<Integer> leased = ConcurrentHashMap.newKeySet();
    private final AtomicInteger cursor = new AtomicInteger();

    public PassivePortPool(PortRange range) {
        this.range = range;
    }

    public PortRange range() {
        return range;
    }

    /** Ports leased now; zero when no session holds a passive listener. */
    public int leasedCount() {
        return leased.size();
    }

    /**
     * A listener on a free port of the range, bound to {@code bindAddress}.
     *
     * @throws ReplyException 425 when every port of the range is taken
     */
    public PassiveListener lease(InetAddress bindAddress) throws ReplyException {
        int size = range.size();
        for (int attempt = 0; attempt < size; attempt++) {
            int port = range.min() + Math.floorMod(cursor.getAndIncrement(), size);
            if (!leased.add(port)) {
                continue;
            }
            ServerSocketChannel channel = null;
            try {
                channel = ServerSocketChannel.open();
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                channel.bind(new InetSocketAddress(bindAddress, port), 1);
                return new PassiveListener(channel, port, () -> leased.remove(port));
            } catch (IOException e) {
                leased.remove(port);
                closeQuietly(channel);
            }
        }
        LOG.log(Level.WARNING, "passive port range " + range + " exhausted: all " + size
                + " ports are in use; widen passive-ports");
        throw new ReplyException(ReplyCode.CANT_OPEN_DATA,
                "No free passive port (range " + range + " exhausted); try again later");
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to release beyond the port, which the caller released
            }
        }
    }
}
