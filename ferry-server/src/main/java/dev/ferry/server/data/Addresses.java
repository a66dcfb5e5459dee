package dev.ferry.server.data;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Comparisons of client addresses that see through IPv4-mapped IPv6 addresses ({@code ::ffff:1.2.3.4}). */
public final class Addresses {

    private Addresses() {
    }

    /** The IPv4 address inside an IPv4-mapped IPv6 address, or the address itself. */
    public static InetAddress unmap(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
            if (mapped) {
                try {
                    return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return address;
    }

    public static boolean sameHost(InetAddress a, InetAddress b) {
        return unmap(a).equals(unmap(b));
    }
}
