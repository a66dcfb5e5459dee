package dev.ferry.server.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** A network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}), and whether an address is inside it. */
public record Cidr(InetAddress network, int prefixLength) {

    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be within 0-" + bits + ": " + prefixLength);
        }
        network = mask(network, prefixLength);
    }

    public static Cidr parse(String text) {
        String[] parts = text.strip().split("/", -1);
        if (parts.length > 2 || parts[0].isEmpty() || !parts[0].matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("expected ADDRESS/PREFIX (for example 10.0.0.0/8), got '" + text + "'");
        }
        try {
            InetAddress address = InetAddress.getByName(parts[0]); // a literal: no lookup
            int bits = address.getAddress().length * 8;
            return new Cidr(address, parts.length == 2 ? Integer.parseInt(parts[1]) : bits);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("expected ADDRESS/PREFIX (for example 10.0.0.0/8), got '" + text + "'");
        }
    }

    public boolean contains(InetAddress address) {
        if (address.getAddress().length != network.getAddress().length) {
            return false;
        }
        return mask(address, prefixLength).equals(network);
    }

    private static InetAddress mask(InetAddress address, int prefixLength) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            bytes[i] &= (byte) (0xFF << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public String toString() {
        String host = network.getHostAddress();
        return (network instanceof Inet4Address ? host : host.replaceFirst("%.*$", "")) + "/" + prefixLength;
    }
}
