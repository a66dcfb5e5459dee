package dev.ferry.cli;

import dev.ferry.server.config.ConfigException;
import dev.ferry.server.config.PortRange;
import dev.ferry.server.config.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a host firewall must let through for a server config, whatever the firewall's syntax: the ports clients
 * connect to, the connections active mode opens towards clients, and the port forwards of a NAT router in front.
 *
 * @param source which config this was computed from, for the output's first comment
 * @param listeners the control port first, then any other port clients open control connections to
 * @param passive the passive data ports, when passive mode is on
 * @param active active data connections, when active mode is on
 * @param forward the NAT router's port forwards, when the server announces a {@code passive-address}
 * @param conntrackHelper whether the FTP conntrack helper opens the data ports instead of a rule per range
 */
record FirewallPlan(String source, List<Opening> listeners, Optional<Opening> passive, Optional<ActiveData> active,
                    Optional<PortForward> forward, boolean conntrackHelper) {

    /** Above this many passive ports a range stops being a firewall rule and becomes a hole. */
    static final int BROAD_RANGE = 10_000;
    /** Where the NAT example puts the server's address on its LAN when the config does not say it. */
    static final String LAN_ADDRESS_PLACEHOLDER = "SERVER_LAN_IP";

    /** TCP ports clients connect to, and what for ({@code name} is short, for rule comments). */
    record Opening(PortRange ports, String name, String purpose) {
    }

    /**
     * Active mode (PORT/EPRT): the server connects from {@code sourcePort} (0: any port) to the port a client
     * names, which the server only accepts in {@code clientPorts}.
     */
    record ActiveData(int sourcePort, PortRange clientPorts) {
    }

    /**
     * The forwards of a router that owns {@code publicAddress} and sends every port clients connect to on to
     * the server at {@code lanAddress} ({@link #LAN_ADDRESS_PLACEHOLDER} when the config does not say it).
     */
    record PortForward(String publicAddress, String lanAddress, List<Opening> ports) {
    }

    static FirewallPlan of(ServerConfig config, String source, boolean conntrackHelper) throws ConfigException {
        if (config.port() == 0) {
            throw new ConfigException("port", "0 picks a free port at each start, so no rule can name it; set a fixed port");
        }
        List<Opening> listeners = new ArrayList<>();
        listeners.add(new Opening(single(config.port()), "control", "control connections: commands and replies"));
        if (config.implicitPort().isPresent() && config.implicitPort().get() == 0) {
            throw new ConfigException("implicit-port", "0 picks a free port at each start, so no rule can name it; "
                    + "set a fixed port");
        }
        config.implicitPort().ifPresent(p -> listeners.add(new Opening(single(p), "implicit FTPS",
                "implicit FTPS control connections (TLS from the first byte)")));
        Optional<Opening> passive = config.passiveMode()
                ? Optional.of(new Opening(config.passivePorts(), "passive data",
                        "passive data connections (PASV/EPSV): clients connect to the port the server names"))
                : Optional.empty();
        Optional<ActiveData> active = config.activeMode()
                ? Optional.of(new ActiveData(config.effectiveDataPort(config.port()),
                        // the server refuses PORT/EPRT to a port below 1024 unless told otherwise (RFC 2577)
                        new PortRange(config.activeAllowForeign() ? 1 : 1024, 65535)))
                : Optional.empty();
        Optional<PortForward> forward = config.passiveAddress().map(address -> new PortForward(address,
                lanAddress(config.bindAddress()),
                Stream.concat(listeners.stream(), passive.stream()).toList()));
        return new FirewallPlan(source, List.copyOf(listeners), passive, active, forward, conntrackHelper);
    }

    /** The control port: the one the conntrack helper watches. */
    Opening control() {
        return listeners.getFirst();
    }

    /** The ports the host's firewall opens: the listeners, and the passive range unless the helper opens it. */
    List<Opening> inbound() {
        return Stream.concat(listeners.stream(), passive.stream().filter(p -> !conntrackHelper)).toList();
    }

    /** What in this config makes a poor firewall, one sentence each. */
    static List<String> warnings(ServerConfig config) {
        List<String> warnings = new ArrayList<>();
        PortRange range = config.passivePorts();
        if (config.passiveMode() && range.size() > BROAD_RANGE) {
            warnings.add("passive-ports " + range + " opens " + range.size() + " ports, nearly every port of the host,"
                    + " and a firewall that lets all of them in protects little; a passive transfer holds one port"
                    + " while it runs, so a few hundred to a few thousand are enough (the default range has 1000)");
        }
        if (config.passiveMode() && range.min() < 1024) {
            warnings.add("passive-ports " + range + " includes ports below 1024, where system services listen:"
                    + " the rule lets clients reach those too");
        }
        if (config.passiveMode() && range.min() <= config.port() && config.port() <= range.max()) {
            warnings.add("passive-ports " + range + " includes the control port " + config.port());
        }
        if (!config.passiveMode() && config.passiveAddress().isPresent()) {
            warnings.add("passive-address is set but passive mode is off: the router needs only the control port");
        }
        String bind = config.bindAddress();
        if (bind.startsWith("127.") || bind.equals("::1") || bind.equals("localhost")) {
            warnings.add("the server binds " + bind + ", reachable from this host only: no rule lets other hosts in");
        }
        return warnings;
    }

    private static PortRange single(int port) {
        return new PortRange(port, port);
    }

    /** The bind address when it is one IPv4 address; otherwise the placeholder, for the user to fill in. */
    private static String lanAddress(String bind) {
        boolean wildcard = bind.isEmpty() || bind.equals("0.0.0.0") || bind.contains(":");
        return wildcard ? LAN_ADDRESS_PLACEHOLDER : bind;
    }
}
