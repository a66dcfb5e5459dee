package dev.ferry.client;

/**
 * A listing line that claims to describe a file but cannot be read without guessing. Checked, so that no caller
 * can turn an unreadable line into a made-up entry by accident; a whole listing keeps the line and the reason
 * in {@link Listing#rejected()} instead.
 */
final class MalformedEntryException extends Exception {

    MalformedEntryException(String reason) {
        super(reason, null, false, false);
    }
}
