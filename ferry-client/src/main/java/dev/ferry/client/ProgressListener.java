package dev.ferry.client;

/** Told how far a transfer has got, after each block of data; called on the transferring thread. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (transferred, total) -> { };

    /**
     * @param transferred bytes moved so far in this transfer, counting a resumed transfer's offset
     * @param total the size of the whole file, or -1 when unknown
     */
    void progress(long transferred, long total);
}
