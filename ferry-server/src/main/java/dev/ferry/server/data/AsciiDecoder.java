package dev.ferry.server.data;

import java.nio.ByteBuffer;

/**
 * Turns the network's CRLF line ends into LF (RFC 959 §3.1.1.1, TYPE A). A CR not followed by LF is kept,
 * also across buffer boundaries.
 */
final class AsciiDecoder {

    private boolean pendingCr;

    /** Decodes all of {@code in} into {@code out}, which must have room for {@code in.remaining() + 1}. */
    void decode(ByteBuffer in, ByteBuffer out) {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (pendingCr) {
                pendingCr = false;
                if (b != '\n') {
                    out.put((byte) '\r');
                }
            }
            if (b == '\r') {
                pendingCr = true;
            } else {
                out.put(b);
            }
        }
    }

    /** A CR at the very end of the input, still to be written. */
    boolean pendingCr() {
        return pendingCr;
    }
}
