package dev.ferry.client;

import dev.ferry.protocol.Reply;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * What happened when one directory listing ran over exactly one data method ({@link FtpClient#probe}), for
 * diagnosing a server: what the server announced, where the client went, how it ended and why.
 *
 * @param method the data method tried, and only it
 * @param outcome how it ended
 * @param announced where the data connection was to go as announced: for PASV the 227 reply's address and
 *     port, for EPSV the control connection's peer with the 229 reply's port, for EPRT and PORT the address
 *     and port the client sent; empty when it did not get that far
 * @param target where the data connection went: for passive methods the address the client connected to
 *     (the control connection's peer in place of a 227 address not trusted), for active ones where it listened
 * @param reply the server's last reply: to the method's command when it was refused, else to the listing
 *     command; empty when none came
 * @param detail what happened, in words: the failure's message, or how many lines the listing had
 * @param lines the number of lines the listing had, when it worked
 */
public record DataProbe(DataMethod method, Outcome outcome, Optional<InetSocketAddress> announced,
                        Optional<InetSocketAddress> target, Optional<Reply> reply, String detail, int lines) {

    /** How a probe ended. */
    public enum Outcome {
        /** The listing came through. */
        OK,
        /** The server refused the method's command (PASV, EPSV, PORT, EPRT), or its reply was unreadable. */
        REFUSED,
        /** Passive: connecting to the announced port timed out; something between drops the packets. */
        TIMED_OUT,
        /** Passive: the connection to the announced port was refused (nothing listens, or a firewall rejects). */
        CONNECTION_REFUSED,
        /** Passive: there is no route from the client to the address. */
        UNREACHABLE,
        /** Active: the server could not connect to the client (425), or did not within the connect timeout. */
        SERVER_DID_NOT_CONNECT,
        /** The server refused the listing command itself (a missing directory, no permission). */
        LISTING_REFUSED,
        /** Anything else: the data or control connection broke, a TLS handshake failed; see the detail. */
        FAILED
    }

    public boolean worked() {
        return outcome == Outcome.OK;
    }
}
