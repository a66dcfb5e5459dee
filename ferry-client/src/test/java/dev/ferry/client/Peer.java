package dev.ferry.client;

import java.util.function.Supplier;

/**
 * The servers the client is tested against, each with its default setup, for
 * {@code @ParameterizedTest @EnumSource(Peer.class)}: {@code try (PeerServer server = peer.start()) { ... }}.
 * Starting vsftpd skips the test when it cannot run here (or fails it under {@code FERRY_REQUIRE_PEERS=1}).
 */
enum Peer {
    FERRY("Ferry", FerryPeer::start),
    VSFTPD("vsftpd", VsftpdServer::start),
    APACHE_FTPSERVER("Apache FtpServer", ApachePeer::start);

    private final String displayName;
    private final Supplier<PeerServer> starter;

    Peer(String displayName, Supplier<PeerServer> starter) {
        this.displayName = displayName;
        this.starter = starter;
    }

    PeerServer start() {
        return starter.get();
    }

    @Override
    public String toString() {
        return displayName;
    }
}
