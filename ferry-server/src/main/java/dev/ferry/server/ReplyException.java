package dev.ferry.server;

import dev.ferry.protocol.Reply;
import dev.ferry.protocol.ReplyCode;

/**
 * A failure that has an FTP meaning: the reply the client gets, and whether the session ends after it.
 * Handlers and the layers under them throw it; the session loop alone turns it into a reply.
 */
public class ReplyException extends Exception {

    private final transient Reply reply;
    private final boolean closesSession;

    public ReplyException(ReplyCode code, String text) {
        this(code, text, false);
    }

    public ReplyException(ReplyCode code, String text, boolean closesSession) {
        super(code.code() + " " + text, null, false, false);
        // Error texts echo client input (paths), where a bare CR survives the line reader: never a line break
        this.reply = Reply.of(code, text.replace('\r', ' ').replace('\n', ' '));
        this.closesSession = closesSession;
    }

    public Reply reply() {
        return reply;
    }

    public boolean closesSession() {
        return closesSession;
    }
}
