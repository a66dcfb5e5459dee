package dev.ferry.protocol;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An address and port as carried by the data-connection commands, with the codecs for each form:
 * PORT and the 227 reply (RFC 959 §4.1.2), EPRT and the 229 reply (RFC 2428).
 *
 * <p>Parsers accept only literal addresses, so no input can cause a name lookup.
 */
public record HostPort(InetAddress address, int port) {

    private static final Pattern SIX_NUMBERS = Pattern.compile(
            "(\\d{1,3}),(\\d{1,3}),(\\d{1,3}),(\\d{1,3}),(\\d{1,3}),(\\d{1,3})");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern EPSV_REPLY = Pattern.compile("\\(([\\x21-\\x7e])\\1\\1(\\d{1,5})\\1\\)");

    public HostPort {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Thrown for an EPRT network protocol other than 1 (IPv4) or 2 (IPv6); servers answer 522. */
    public static final class UnsupportedNetworkProtocolException extends IllegalArgumentException {
        UnsupportedNetworkProtocolException(String protocol) {
            super("network protocol " + protocol + " is not supported, use (1,2)");
        }
    }

    public static HostPort of(InetSocketAddress socketAddress) {
        return new HostPort(socketAddress.getAddress(), socketAddress.getPort());
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(address, port);
    }

    /** Parses the argument of PORT: {@code h1,h2,h3,h4,p1,p2}. */
    public static HostPort parsePort(String argument) {
        Matcher m = SIX_NUMBERS.matcher(argument.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected h1,h2,h3,h4,p1,p2");
        }
        return fromSixNumbers(m);
    }

    /** Finds {@code h1,h2,h3,h4,p1,p2} in the text of a 227 reply (RFC 1123 §4.1.2.6: anywhere in it). */
    public static HostPort parsePasvReply(String text) {
        Matcher m = SIX_NUMBERS.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("no h1,h2,h3,h4,p1,p2 in reply: " + text);
        }
        return fromSixNumbers(m);
    }

    /** Parses the argument of EPRT: {@code |1|132.235.1.2|6275|} or {@code |2|::1|6275|}. */
    public static HostPort parseEprt(String argument) {
        if (argument.length() < 7) {
            throw new IllegalArgumentException("expected |protocol|address|port|");
        }
        char delimiter = argument.charAt(0);
        if (delimiter < 33 || delimiter > 126 || argument.charAt(argument.length() - 1) != delimiter) {
            throw new IllegalArgumentException("expected |protocol|address|port|");
        }
        String[] fields = argument.substring(1, argument.length() - 1).split(Pattern.quote(String.valueOf(delimiter)), -1);
        if (fields.length != 3) {
            throw new IllegalArgumentException("expected |protocol|address|port|");
        }
        InetAddress address = switch (fields[0]) {
            case "1" -> parseLiteral(fields[1], IPV4, Inet4Address.class);
            case "2" -> parseLiteral(fields[1], IPV6, Inet6Address.class);
            default -> throw new UnsupportedNetworkProtocolException(fields[0]);
        };
        return new HostPort(address, parsePortNumber(fields[2]));
    }

    /** Finds the port in the text of a 229 reply: {@code (|||6446|)}. */
    public static int parseEpsvReply(String text) {
        Matcher m = EPSV_REPLY.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("no (|||port|) in reply: " + text);
        }
        return parsePortNumber(m.group(2));
    }

    /** {@code h1,h2,h3,h4,p1,p2}, for PORT and 227; only IPv4 has this form. */
    public String toSixNumbers() {
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException("PORT and PASV carry only IPv4 addresses: " + address);
        }
        byte[] b = address.getAddress();
        return (b[0] & 0xFF) + "," + (b[1] & 0xFF) + "," + (b[2] & 0xFF) + "," + (b[3] & 0xFF) + ","
                + (port >> 8) + "," + (port & 0xFF);
    }

    /** {@code |1|h.h.h.h|port|} or {@code |2|v6|port|}, for EPRT. */
    public String toEprtArgument() {
        String protocol = address instanceof Inet6Address ? "2" : "1";
        return "|" + protocol + "|" + address.getHostAddress().replaceFirst("%.*$", "") + "|" + port + "|";
    }

    /** {@code (|||port|)}, for the 229 reply. */
    public static String toEpsvText(int port) {
        return "(|||" + port + "|)";
    }

    private static HostPort fromSixNumbers(Matcher m) {
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) byteValue(m.group(i + 1));
        }
        int port = byteValue(m.group(5)) << 8 | byteValue(m.group(6));
        try {
            return new HostPort(InetAddress.getByAddress(bytes), port);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an address", e);
        }
    }

    private static int byteValue(String digits) {
        int value = Integer.parseInt(digits);
        if (value > 255) {
            throw new IllegalArgumentException("number out of range 0-255: " + digits);
        }
        return value;
    }

    private static int parsePortNumber(String digits) {
        if (!digits.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("bad port: " + digits);
        }
        int port = Integer.parseInt(digits);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range 1-65535: " + digits);
        }
        return port;
    }

    /**
     * An address literal, never a name: IPv4 is built from its four numbers. For IPv6, InetAddress parses
     * text as a literal only when it starts with a hex digit or a colon (and then fails rather than look a
     * colon-holding name up); anything else it would look up as a host name, so that is refused first
     * (found by HostPortFuzzTest: {@code |2|.3:|21|}).
     */
    private static InetAddress parseLiteral(String text, Pattern shape, Class<? extends InetAddress> family) {
        if (!shape.matcher(text).matches() || (family == Inet6Address.class && (text.indexOf(':') < 0
                || !(Character.digit(text.charAt(0), 16) >= 0 || text.charAt(0) == ':')))) {
            throw new IllegalArgumentException("not a literal address: " + text);
        }
        try {
            if (family == Inet4Address.class) {
                String[] parts = text.split("\\.");
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    bytes[i] = (byte) byteValue(parts[i]);
                }
                return InetAddress.getByAddress(bytes);
            }
            return InetAddress.getByName(text); // has a colon: parsed as a literal, no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not a literal address: " + text);
        }
    }

    @Override
    public String toString() {
        return (address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress())
                + ":" + port;
    }
}
