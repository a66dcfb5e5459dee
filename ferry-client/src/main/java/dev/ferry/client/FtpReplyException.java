package dev.ferry.client;

import dev.ferry.protocol.Reply;

/** The server answered a command with a negative (or unexpected) reply. */
public class FtpReplyException extends FtpException {

    private final String command;
    private final Reply reply;

    public FtpReplyException(String command, Reply reply) {
        super(command + ": " + reply.code() + " " + String.join(" ", reply.lines()).strip());
        this.command = command;
        this.reply = reply;
    }

    /** The command as sent (password masked). */
    public String command() {
        return command;
    }

    public Reply reply() {
        return reply;
    }

    public int code() {
        return reply.code();
    }

    /** 4yz: the server says trying again later may work (RFC 959 §4.2.1). */
    public boolean isTransient() {
        return reply.code() >= 400 && reply.code() < 500;
    }
}
