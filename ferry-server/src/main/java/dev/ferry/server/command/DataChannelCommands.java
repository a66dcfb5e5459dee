package dev.ferry.server.command;

import dev.ferry.protocol.HostPort;
import dev.ferry.protocol.Reply;
import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import dev.ferry.server.data.Addresses;
import dev.ferry.server.data.PassiveListener;
import dev.ferry.server.session.Session;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** How the next data connection opens: PASV, EPSV (server listens), PORT, EPRT (server connects). */
final class DataChannelCommands {

    private DataChannelCommands() {
    }

    static Reply pasv(Session s, String argument) throws ReplyException {
        requirePassive(s);
        if (!(Addresses.unmap(s.localAddress()) instanceof Inet4Address)) {
            throw new ReplyException(ReplyCode.CANT_OPEN_DATA, "PASV can only announce IPv4 addresses; use EPSV");
        }
        InetAddress announced = s.context().announcedAddress().choose(s.clientAddress(), s.localAddress());
        s.closeDataSetup(); // before leasing, so that the port this session gives up may be leased again
        PassiveListener listener = s.context().passivePorts().lease(s.localAddress());
        s.passive(listener);
        String sixNumbers = new HostPort(announced, listener.port()).toSixNumbers();
        return Reply.of(ReplyCode.ENTERING_PASSIVE, "Entering Passive Mode (" + sixNumbers + ")");
    }

    /** RFC 2428 §3: EPSV announces only a port, so NAT cannot make it wrong; {@code EPSV ALL} locks it in. */
    static Reply epsv(Session s, String argument) throws ReplyException {
        requirePassive(s);
        String arg = argument.strip();
        if (arg.equalsIgnoreCase("ALL")) {
            s.epsvAll(true);
            return Reply.of(ReplyCode.OK, "EPSV ALL accepted: only EPSV from now on");
        }
        if (!arg.isEmpty()) {
            String family = Addresses.unmap(s.localAddress()) instanceof Inet6Address ? "2" : "1";
            if (!arg.equals(family)) {
                throw new ReplyException(ReplyCode.UNSUPPORTED_NETWORK_PROTOCOL,
                        "Network protocol not supported, use (" + family + ")");
            }
        }
        s.closeDataSetup(); // as in PASV
        PassiveListener listener = s.context().passivePorts().lease(s.localAddress());
        s.passive(listener);
        return Reply.of(ReplyCode.ENTERING_EXTENDED_PASSIVE,
                "Entering Extended Passive Mode " + HostPort.toEpsvText(listener.port()));
    }

    static Reply port(Session s, String argument) throws ReplyException {
        requireActive(s);
        HostPort target;
        try {
            target = HostPort.parsePort(argument);
        } catch (IllegalArgumentException e) {
            throw new ReplyException(ReplyCode.ARGUMENT_SYNTAX_ERROR, "Bad PORT argument: " + e.getMessage());
        }
        return active(s, "PORT", target);
    }

    static Reply eprt(Session s, String argument) throws ReplyException {
        requireActive(s);
        HostPort target;
        try {
            target = HostPort.parseEprt(argument);
        } catch (HostPort.UnsupportedNetworkProtocolException e) {
            throw new ReplyException(ReplyCode.UNSUPPORTED_NETWORK_PROTOCOL, "Network protocol not supported, use (1,2)");
        } catch (IllegalArgumentException e) {
            throw new ReplyException(ReplyCode.ARGUMENT_SYNTAX_ERROR, "Bad EPRT argument: " + e.getMessage());
        }
        return active(s, "EPRT", target);
    }

    /**
     * RFC 2577 §3: no data connection to a third host (the bounce attack) or to a privileged port. Refused
     * here, before any connection is tried.
     */
    private static Reply active(Session s, String verb, HostPort target) throws ReplyException {
        if (!s.config().activeAllowForeign()) {
            if (!Addresses.sameHost(target.address(), s.clientAddress())) {
                s.log().warning(verb + " to " + target + " refused: not the client's address "
                        + s.clientAddress().getHostAddress() + " (a client behind NAT, or a bounce attempt)");
                throw new ReplyException(ReplyCode.PARAMETER_NOT_IMPLEMENTED, verb + " refused: "
                        + target.address().getHostAddress() + " is not your address " + s.clientAddress().getHostAddress()
                        + " (RFC 2577); if you are behind NAT, use passive mode");
            }
            if (target.port() < 1024) {
                s.log().warning(verb + " to privileged port " + target + " refused");
                throw new ReplyException(ReplyCode.PARAMETER_NOT_IMPLEMENTED,
                        verb + " refused: port " + target.port() + " is below 1024 (RFC 2577)");
            }
        }
        s.active(target);
        return Reply.of(ReplyCode.OK, verb + " command successful; connecting to " + target + " at the next transfer");
    }

    private static void requirePassive(Session s) throws ReplyException {
        if (!s.config().passiveMode()) {
            throw new ReplyException(ReplyCode.NOT_IMPLEMENTED, "Passive mode is disabled on this server; use PORT or EPRT");
        }
    }

    private static void requireActive(Session s) throws ReplyException {
        if (!s.config().activeMode()) {
            throw new ReplyException(ReplyCode.NOT_IMPLEMENTED, "Active mode is disabled on this server; use PASV or EPSV");
        }
    }
}
