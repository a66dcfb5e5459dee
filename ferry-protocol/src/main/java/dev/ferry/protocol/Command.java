package dev.ferry.protocol;

/**
 * One command line from the control connection: a verb and its argument.
 *
 * <p>The verb is case-insensitive (RFC 959 §5.3) and kept in upper case; the argument is everything after
 * the first space, unchanged (file names may start or end with spaces), and empty when there is none.
 * Verbs are ASCII letters (RFC 959 §5.3.1), so only a-z are upper-cased: Unicode case mapping would turn
 * {@code lıst} (dotless i) into {@code LIST} and {@code ﬆor} (a ligature) into {@code STOR}.
 */
public record Command(String verb, String argument) {

    public static Command parse(String line) {
        int space = line.indexOf(' ');
        String verb = space < 0 ? line : line.substring(0, space);
        String argument = space < 0 ? "" : line.substring(space + 1);
        return new Command(upperAscii(verb), argument);
    }

    private static String upperAscii(String verb) {
        char[] chars = verb.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'a' && chars[i] <= 'z') {
                chars[i] = (char) (chars[i] - ('a' - 'A'));
            }
        }
        return new String(chars);
    }

    public boolean hasArgument() {
        return !argument.isEmpty();
    }

    /** The line as it may be logged: the password of PASS (and ACCT) is masked. */
    public String toLoggable() {
        if (verb.equals("PASS") || verb.equals("ACCT")) {
            return verb + " ****";
        }
        return hasArgument() ? verb + " " + argument : verb;
    }

    public String toWire() {
        return (hasArgument() ? verb + " " + argument : verb) + "\r\n";
    }
}
