package dev.ferry.server.command;

import dev.ferry.protocol.Reply;
import dev.ferry.server.ReplyException;
import dev.ferry.server.session.Session;
import java.io.IOException;

/**
 * One row of the command table: everything the dispatcher checks before the handler runs.
 *
 * @param verb the command, upper case
 * @param phase whether the verb exists before login
 * @param argument whether an argument is required, optional or forbidden
 * @param sequence what must have come before (PASS after USER, RNTO after RNFR, PROT after PBSZ after AUTH)
 * @param access READ for every logged-in user, WRITE only for users who may write
 */
public record CommandSpec(String verb, Phase phase, Argument argument, Sequence sequence, Access access,
                          String help, Handler handler) {

    public enum Phase { ANY, LOGGED_IN }

    public enum Argument { NONE, OPTIONAL, REQUIRED }

    public enum Access { NONE, READ, WRITE }

    /** A precondition on the session; a command whose precondition fails gets 503. */
    public enum Sequence {
        ANY("") ,
        AFTER_USER("Send USER first"),
        AFTER_RNFR("Send RNFR first"),
        NOT_AFTER_EPSV_ALL("Only EPSV is allowed after EPSV ALL (RFC 2428 §4)"),
        BEFORE_TLS("TLS is already on for this connection"),
        AFTER_AUTH("Send AUTH TLS first (RFC 4217 §8)"),
        AFTER_PBSZ("Send PBSZ 0 first (RFC 4217 §9)");

        final String refusal;

        Sequence(String refusal) {
            this.refusal = refusal;
        }

        boolean allows(Session session) {
            return switch (this) {
                case ANY -> true;
                case AFTER_USER -> session.pendingUserName().isPresent();
                case AFTER_RNFR -> session.renameFrom().isPresent();
                case NOT_AFTER_EPSV_ALL -> !session.epsvAll();
                case BEFORE_TLS -> !session.isTlsOn();
                case AFTER_AUTH -> session.isTlsOn();
                case AFTER_PBSZ -> session.protectionBufferSizeSet();
            };
        }
    }

    /** Returns the final reply, or throws a {@link ReplyException}; never touches the socket. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(Session session, String argument) throws IOException, ReplyException;
    }
}
