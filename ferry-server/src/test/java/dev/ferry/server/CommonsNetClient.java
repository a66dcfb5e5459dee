package dev.ferry.server;

import java.io.IOException;
import java.net.InetAddress;
import org.apache.commons.net.ftp.FTPClient;

/**
 * Commons Net's FTPClient with one addition: Commons Net 3.11 sends EPRT only when the control connection
 * is IPv6, and PORT otherwise. RFC 2428 allows EPRT for IPv4 too ({@code EPRT |1|127.0.0.1|port|}), and
 * clients behind some NAT helpers use it, so tests need to send it over IPv4 loopback.
 */
final class CommonsNetClient extends FTPClient {

    private boolean eprtWithIpv4;

    void setUseEprtWithIpv4(boolean on) {
        eprtWithIpv4 = on;
    }

    @Override
    public int port(InetAddress host, int port) throws IOException {
        return eprtWithIpv4 ? eprt(host, port) : super.port(host, port);
    }
}
