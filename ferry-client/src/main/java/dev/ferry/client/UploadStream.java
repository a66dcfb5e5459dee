package dev.ferry.client;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** A remote file being written. Closing it ends the file and reads the final reply, thrown on failure. */
final class UploadStream extends FilterOutputStream {

    private final OpenTransfer transfer;
    private final Runnable onClose;
    private boolean closed;

    UploadStream(OpenTransfer transfer, Runnable onClose) {
        super(transfer.output());
        this.transfer = transfer;
        this.onClose = onClose;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        out.write(buffer, offset, length);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.flush();
            transfer.complete();
        } finally {
            onClose.run();
        }
    }
}
