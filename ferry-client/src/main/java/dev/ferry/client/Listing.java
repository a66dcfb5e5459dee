package dev.ferry.client;

import java.util.List;

/**
 * What a whole directory listing said: the entries it held (without the directory itself and its parent), and
 * the lines that could not be read, so that a caller can report them rather than lose files without a word.
 */
record Listing(List<RemoteFile> files, List<Rejected> rejected) {

    /** A line that was skipped, and why. */
    record Rejected(String line, String reason) {
    }

    Listing {
        files = List.copyOf(files);
        rejected = List.copyOf(rejected);
    }
}
