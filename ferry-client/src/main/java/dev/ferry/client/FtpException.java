package dev.ferry.client;

import java.io.IOException;

/** A failure of an FTP operation; the subclasses say whose and carry the details. */
public class FtpException extends IOException {

    public FtpException(String message) {
        super(message);
    }

    public FtpException(String message, Throwable cause) {
        super(message, cause);
    }
}
