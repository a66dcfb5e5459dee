package dev.ferry.cli.client.doctor;

import dev.ferry.cli.client.doctor.Step.Advice;
import dev.ferry.client.DataMethod;
import dev.ferry.client.DataProbe;
import dev.ferry.client.DataProbe.Outcome;
import dev.ferry.protocol.Reply;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What a data probe's result means, in the user's terms: what was seen, and for a failure the cause in plain
 * words and the fix. Pure: the same probe gives the same words, so the analysis is tested from synthetic
 * probes.
 */
final class DataFindings {

    private static final String ACTIVE = "use active mode (--mode active)";
    private static final String PASSIVE = "use passive mode (--mode passive)";

    private DataFindings() {
    }

    /**
     * The step for one probe. {@code server} is the address the control connection reached: the one a 227
     * address is compared with; {@code connectTimeout} is how long the probe waited for a connection.
     */
    static Step step(DataCheck check, DataProbe probe, InetAddress server, Duration elapsed, Duration connectTimeout) {
        String seen = seen(check, probe, connectTimeout);
        if (probe.worked()) {
            return Step.ok(check.id(), check.label(), elapsed, seen).with(probe);
        }
        return Step.fail(check.id(), check.label(), elapsed, seen, advice(check, probe, server, connectTimeout))
                .with(probe);
    }

    /** In a line: what the server announced, where the client went, and how it ended. */
    static String seen(DataCheck check, DataProbe probe, Duration connectTimeout) {
        String where = probe.announced().map(a -> switch (check.method()) {
            case EPSV -> "229 port " + a.getPort();
            case PASV -> "227 " + address(a) + probe.target().filter(t -> !t.equals(a))
                    .map(t -> ", connected to " + address(t)).orElse("");
            case EPRT, PORT -> "listening on " + address(probe.target().orElse(a))
                    + probe.target().filter(t -> !t.equals(a)).map(t -> ", announced " + address(a)).orElse("");
        }).orElse(check.method().name());
        String how = switch (probe.outcome()) {
            case OK -> probe.lines() + (probe.lines() == 1 ? " line" : " lines") + " listed";
            case REFUSED, LISTING_REFUSED -> "refused: " + probe.reply().map(DataFindings::oneLine).orElse("?");
            case TIMED_OUT -> "connecting timed out after " + seconds(connectTimeout);
            case CONNECTION_REFUSED -> "connection refused";
            case UNREACHABLE -> "no route to " + probe.target().map(t -> t.getAddress().getHostAddress()).orElse("it");
            case SERVER_DID_NOT_CONNECT -> probe.reply().map(r -> "the server did not connect: " + oneLine(r))
                    .orElse("the server did not connect within " + seconds(connectTimeout));
            case FAILED -> probe.detail();
        };
        return where + ": " + how;
    }

    static Advice advice(DataCheck check, DataProbe probe, InetAddress server, Duration connectTimeout) {
        if (check.trustsPassiveAddress() && passiveAddressDiffers(probe, server)
                && probe.outcome() != Outcome.LISTING_REFUSED) {
            return wrongPassiveAddress(probe.announced().orElseThrow().getAddress(), server);
        }
        int port = probe.announced().map(InetSocketAddress::getPort).orElse(0);
        String method = check.method().name();
        return switch (probe.outcome()) {
            case REFUSED -> check.method().isPassive() ? passiveRefused(check.method(), probe)
                    : activeRefused(check.method(), probe, server);
            case TIMED_OUT -> new Advice("The data port " + port + " was dropped: connecting to "
                    + address(probe.target().orElseThrow()) + " (the port the " + (method.equals("EPSV") ? "229" : "227")
                    + " reply named) timed out after " + seconds(connectTimeout) + ", so a firewall in front of the server "
                    + "lets the control port through but not its passive ports",
                    "open the server's passive port range (the one holding " + port + ", e.g. 50000-50100) in its "
                    + "firewall ('ferry firewall' prints the rules)", ACTIVE);
            case CONNECTION_REFUSED -> new Advice("The connection to the data port " + port + " at "
                    + address(probe.target().orElseThrow()) + " was refused: nothing listens there, or a firewall "
                    + "rejects it (NAT in front of the server that does not forward its passive ports looks alike)",
                    "open (and, behind NAT, forward) the server's passive port range, the one holding " + port
                    + ", to the server", ACTIVE);
            case UNREACHABLE -> new Advice("There is no route from here to "
                    + probe.target().orElseThrow().getAddress().getHostAddress() + ", where the data connection was to go",
                    "check this machine's network and routes", ACTIVE);
            case SERVER_DID_NOT_CONNECT -> serverDidNotConnect(probe, server, connectTimeout);
            case LISTING_REFUSED -> new Advice("The server refused the listing ("
                    + probe.reply().map(DataFindings::oneLine).orElse("?") + "), so " + method
                    + "'s data connection was not put to the test",
                    "check the folder in the URL (it starts in the login folder; ftp://host//path is absolute) and "
                    + "that this login may list it", null);
            case FAILED -> failed(probe);
            case OK -> throw new IllegalArgumentException("a probe that worked needs no advice");
        };
    }

    /** The 227 reply named an address other than the one the control connection reached. */
    static boolean passiveAddressDiffers(DataProbe probe, InetAddress server) {
        return probe.method() == DataMethod.PASV
                && probe.announced().map(a -> !a.getAddress().equals(server)).orElse(false);
    }

    private static Advice wrongPassiveAddress(InetAddress announced, InetAddress server) {
        String kind = announced.isLoopbackAddress() ? ", a loopback address,"
                : isPrivate(announced) ? ", a private address," : "";
        return new Advice("The server announced " + announced.getHostAddress() + kind + " in its 227 reply, but you "
                + "reached it at " + server.getHostAddress() + ": it is behind NAT and should announce its external "
                + "address",
                "set the server's passive address to " + server.getHostAddress() + " (ferry serve --passive-address "
                + server.getHostAddress() + "; vsftpd: pasv_address)",
                "none needed with Ferry's client: it works around this by connecting to " + server.getHostAddress()
                + " (unless --trust-pasv-address), and EPSV has no address to get wrong");
    }

    private static Advice passiveRefused(DataMethod method, DataProbe probe) {
        String reply = probe.reply().map(DataFindings::oneLine).orElse("?");
        if (method == DataMethod.EPSV) {
            return new Advice("The server refused EPSV (" + reply + "): it does not offer it (RFC 2428), or passive "
                    + "mode is off", null, "none needed if PASV works: Ferry's client falls back to PASV on its own; "
                    + "else " + ACTIVE);
        }
        return new Advice("The server refused " + method + " (" + reply + "): passive mode is off there",
                "turn passive mode on in the server", ACTIVE);
    }

    private static Advice activeRefused(DataMethod method, DataProbe probe, InetAddress server) {
        String reply = probe.reply().map(DataFindings::oneLine).orElse("?");
        int code = probe.reply().map(Reply::code).orElse(0);
        if (code == 502) {
            return new Advice("The server refused " + method + " (" + reply + "): it does not offer active mode",
                    "turn active mode on in the server", PASSIVE);
        }
        if (code == 522) {
            return new Advice("The server refused " + method + " (" + reply + "): it does not take this kind of "
                    + "address (RFC 2428)", null, PASSIVE);
        }
        return new Advice("The server refused " + method + " (" + reply + "): you are behind NAT or the server "
                + "forbids foreign addresses" + behindNat(probe, server),
                "behind NAT, forward a port range to this machine and give --active-ports FIRST-LAST and "
                + "--active-address with the public address", PASSIVE);
    }

    private static Advice serverDidNotConnect(DataProbe probe, InetAddress server, Duration connectTimeout) {
        String what = probe.reply().map(r -> "(" + oneLine(r) + ")")
                .orElse("(no connection within " + seconds(connectTimeout) + ")");
        String to = probe.announced().map(a -> " to " + address(a)).orElse("");
        return new Advice("The server could not connect back" + to + " " + what + ": a firewall in front of this "
                + "client blocks incoming connections" + behindNat(probe, server),
                "let the server in: open a port range in this machine's firewall and give it with --active-ports "
                + "FIRST-LAST (behind NAT, forward it too and add --active-address with the public address)", PASSIVE);
    }

    /** A note when the client announced a private address to a server at a public one. */
    private static String behindNat(DataProbe probe, InetAddress server) {
        return probe.announced().map(InetSocketAddress::getAddress)
                .filter(a -> isPrivate(a) && !a.isLoopbackAddress() && !isPrivate(server))
                .map(a -> "; you announced " + a.getHostAddress() + ", a private address the server cannot reach, so "
                        + "this machine is behind NAT")
                .orElse("");
    }

    private static Advice failed(DataProbe probe) {
        if (probe.detail().contains("TLS")) {
            return new Advice("TLS on the data connection failed: " + probe.detail(),
                    "the server may insist that data connections resume the control connection's TLS session, or "
                    + "something between breaks TLS; --diagram shows the exchange", null);
        }
        return new Advice("The data connection failed: " + probe.detail(), "--diagram shows the exchange", null);
    }

    /** RFC 1918, loopback, link-local, carrier-grade NAT (RFC 6598), and IPv6 unique local addresses. */
    static boolean isPrivate(InetAddress address) {
        byte[] b = address.getAddress();
        return address.isSiteLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || (b.length == 4 && (b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64)
                || (address instanceof Inet6Address && (b[0] & 0xFE) == 0xFC);
    }

    static String address(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    static String oneLine(Reply reply) {
        return reply.code() + " " + reply.lines().getFirst().strip();
    }

    static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + " ms";
    }
}
