package dev.ferry.client;

import dev.ferry.protocol.Reply;
import java.net.InetSocketAddress;
import java.time.Instant;

/** One thing that happened on a client's control or data connection. */
public sealed interface TraceEvent {

    Instant at();

    enum Channel { CONTROL, DATA }

    /** Who opened a connection: the client (control, passive data) or the server (active data). */
    enum Opener { CLIENT, SERVER }

    /** A command line as sent, the password of PASS masked. */
    record CommandSent(Instant at, String line) implements TraceEvent { }

    record ReplyReceived(Instant at, Reply reply) implements TraceEvent { }

    record ConnectionOpened(Instant at, Channel channel, Opener opener, InetSocketAddress local,
                            InetSocketAddress remote) implements TraceEvent { }

    record ConnectionClosed(Instant at, Channel channel, InetSocketAddress local, InetSocketAddress remote)
            implements TraceEvent { }

    /** The client listens for the server's active-mode data connection. */
    record Listening(Instant at, InetSocketAddress local, InetSocketAddress announced) implements TraceEvent { }

    /**
     * A connection is secured with TLS: its protocol version and cipher suite, and, for a data connection,
     * whether it resumed the control connection's TLS session (many servers insist) or needed a
     * full handshake.
     */
    record TlsEstablished(Instant at, Channel channel, String protocol, String cipherSuite, boolean resumed)
            implements TraceEvent { }

    /** A decision the client took on its own: a data-mode switch, an address it did not trust. */
    record Notice(Instant at, String text) implements TraceEvent { }
}
