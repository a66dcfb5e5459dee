package dev.ferry.cli.client.mirror;

import dev.ferry.client.FtpClient;
import java.io.IOException;

/**
 * The sessions of one mirror run, one per slot, each used by one thread at a time (a session is one
 * conversation). A slot connects when first asked and again after its session was discarded; closing the
 * whole closes every session still open.
 */
final class MirrorSessions implements AutoCloseable {

    @FunctionalInterface
    interface Connector {
        /** Opens session {@code number}, counted from 1. */
        FtpClient connect(int number) throws IOException;
    }

    private final Connector connector;
    private final FtpClient[] clients;

    MirrorSessions(Connector connector, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a mirror needs at least one session");
        }
        this.connector = connector;
        this.clients = new FtpClient[size];
    }

    int size() {
        return clients.length;
    }

    Slot slot(int index) {
        return new Slot(index);
    }

    /**
     * One slot's view. Thread start and join order the handovers of a slot between threads, so the array
     * needs no lock.
     */
    final class Slot {

        private final int index;

        private Slot(int index) {
            this.index = index;
        }

        FtpClient client() throws IOException {
            if (clients[index] == null) {
                clients[index] = connector.connect(number());
            }
            return clients[index];
        }

        /** Drops a session that may be out of step after a failure; the next {@link #client} reconnects. */
        void discard() {
            FtpClient client = clients[index];
            clients[index] = null;
            closeQuietly(client);
        }

        int number() {
            return index + 1;
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < clients.length; i++) {
            closeQuietly(clients[i]);
            clients[i] = null;
        }
    }

    private static void closeQuietly(FtpClient client) {
        if (client == null) {
            return;
        }
        try {
            client.close();
        } catch (IOException e) {
            // QUIT is a courtesy; the files are done either way
        }
    }
}
