package dev.ferry.client;

import dev.ferry.protocol.Reply;

/** The server refused the user name or password. */
public final class LoginFailedException extends FtpReplyException {

    public LoginFailedException(String command, Reply reply) {
        super(command, reply);
    }
}
