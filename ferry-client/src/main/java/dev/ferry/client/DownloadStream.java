package dev.ferry.client;

import java.io.FilterInputStream;
import java.io.IOException;

/**
 * A remote file as a stream. Closing it reads the transfer's final reply: after the last byte a failure
 * reply is thrown; before it, the transfer is cut off and the server's answer is accepted as it comes.
 */
final class DownloadStream extends FilterInputStream {

    private final OpenTransfer transfer;
    private final Runnable onClose;
    private boolean ended;
    private boolean closed;

    DownloadStream(OpenTransfer transfer, Runnable onClose) {
        super(transfer.input());
        this.transfer = transfer;
        this.onClose = onClose;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        ended |= b < 0;
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        ended |= n < 0;
        return n;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (ended) {
                transfer.complete();
            } else {
                transfer.cancel();
            }
        } finally {
            onClose.run();
        }
    }
}
