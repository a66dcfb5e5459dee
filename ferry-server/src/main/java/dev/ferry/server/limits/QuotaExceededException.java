package dev.ferry.server.limits;

import java.io.IOException;

/**
 * An upload went past the user's quota. An {@link IOException}, so that it stops the receive loop the way a
 * failing disk would; the transfer then answers 552 with this message.
 */
public final class QuotaExceededException extends IOException {

    QuotaExceededException(String message) {
        super(message);
    }
}
