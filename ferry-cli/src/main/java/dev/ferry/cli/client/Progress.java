package dev.ferry.cli.client;

import dev.ferry.client.ProgressListener;

/** How far a transfer has got, shown to the user; closing it ends the display, whatever the outcome. */
interface Progress extends ProgressListener, AutoCloseable {

    Progress NONE = new Progress() {
        @Override
        public void progress(long transferred, long total) {
        }

        @Override
        public void close() {
        }
    };

    @Override
    void close();
}
