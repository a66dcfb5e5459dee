package dev.ferry.server.data;

import dev.ferry.server.config.Cidr;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Chooses the address a 227 reply announces, per client: the configured external address for clients
 * outside the local networks, the address the client reached for clients inside them. So one server behind
 * NAT serves its LAN and the internet at once. A host name is resolved again after the TTL (dynamic DNS).
 */
public final class AnnouncedAddress {

    private static final System.Logger LOG = System.getLogger(AnnouncedAddress.class.getName());

    private final Optional<String> external;
    private final Duration ttl;
    private final List<Cidr> localNetworks;
    private final Clock clock;
    private final Resolver resolver;
    private final ReentrantLock lock = new ReentrantLock();
    private InetAddress resolved;
    private Instant resolvedAt = Instant.MIN;

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public AnnouncedAddress(Optional<String> external, Duration ttl, List<Cidr> localNetworks, Clock clock) {
        this(external, ttl, localNetworks, clock, InetAddress::getAllByName);
    }

    AnnouncedAddress(Optional<String> external, Duration ttl, List<Cidr> localNetworks, Clock clock, Resolver resolver) {
        this.resolver = resolver;
        this.external = external;
        this.ttl = ttl;
        this.localNetworks = localNetworks.isEmpty() ? defaultLocalNetworks() : List.copyOf(localNetworks);
        this.clock = clock;
    }

    public List<Cidr> localNetworks() {
        return localNetworks;
    }

    /**
     * The address to announce to {@code client}, which reached the server at {@code local}.
     * Never a wildcard address: {@code local} is the concrete address of an accepted connection.
     */
    public InetAddress choose(InetAddress client, InetAddress local) {
        InetAddress localAddress = Addresses.unmap(local);
        if (external.isEmpty() || isLocal(client)) {
            return localAddress;
        }
        return resolveExternal().orElse(localAddress);
    }

    public boolean isLocal(InetAddress client) {
        InetAddress address = Addresses.unmap(client);
        return localNetworks.stream().anyMatch(n -> n.contains(address));
    }

    private Optional<InetAddress> resolveExternal() {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (resolved == null || !now.isBefore(resolvedAt.plus(ttl))) {
                try {
                    InetAddress fresh = pickIpv4(resolver.resolve(external.get()));
                    if (resolved != null && !fresh.equals(resolved)) {
                        LOG.log(Level.INFO, "passive-address " + external.get() + " now resolves to "
                                + fresh.getHostAddress() + " (was " + resolved.getHostAddress() + ")");
                    }
                    resolved = fresh;
                } catch (UnknownHostException e) {
                    LOG.log(Level.WARNING, "passive-address " + external.get() + " cannot be resolved"
                            + (resolved == null ? "; announcing the local address" : "; keeping "
                            + resolved.getHostAddress()));
                }
                resolvedAt = now;
            }
            return Optional.ofNullable(resolved);
        } finally {
            lock.unlock();
        }
    }

    private static InetAddress pickIpv4(InetAddress[] addresses) throws UnknownHostException {
        for (InetAddress a : addresses) {
            if (a instanceof Inet4Address && !a.isAnyLocalAddress()) {
                return a;
            }
        }
        throw new UnknownHostException("no IPv4 address");
    }

    /** Loopback plus the private (RFC 1918, ULA) and link-local networks of this host's interfaces. */
    static List<Cidr> defaultLocalNetworks() {
        List<Cidr> networks = new ArrayList<>();
        networks.add(Cidr.parse("127.0.0.0/8"));
        networks.add(Cidr.parse("::1/128"));
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
                    InetAddress a = ia.getAddress();
                    boolean privateRange = a.isSiteLocalAddress() || a.isLinkLocalAddress()
                            || (a instanceof Inet6Address && (a.getAddress()[0] & 0xFE) == 0xFC);
                    if (privateRange && !a.isLoopbackAddress()) {
                        Cidr network = new Cidr(a, Math.max(0, ia.getNetworkPrefixLength()));
                        if (!networks.contains(network)) {
                            networks.add(network);
                        }
                    }
                }
            }
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(networks);
    }
}
