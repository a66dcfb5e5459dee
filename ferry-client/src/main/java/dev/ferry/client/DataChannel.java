package dev.ferry.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * An open data connection: its socket and the streams that move a transfer's bytes over it, in the clear or
 * protected with TLS ({@code PROT P}, RFC 4217 §9). Closing the socket aborts it; {@link #end} ends it cleanly.
 */
sealed interface DataChannel permits DataChannel.Clear, TlsDataChannel {

    Socket socket();

    InputStream input() throws IOException;

    OutputStream output() throws IOException;

    /**
     * After the last byte: sends what is still buffered and ends the stream as its protocol says (TLS
     * close_notify), so the server can tell a complete upload from a cut one. The socket stays open.
     */
    void end() throws IOException;

    /** A data connection in the clear ({@code PROT C}, or no TLS at all). */
    record Clear(Socket socket) implements DataChannel {
        @Override
        public InputStream input() throws IOException {
            return socket.getInputStream();
        }

        @Override
        public OutputStream output() throws IOException {
            return socket.getOutputStream();
        }

        /** Closing the socket says it all: the server reads the end of the file there. */
        @Override
        public void end() {
        }
    }
}
