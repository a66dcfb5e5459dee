package dev.ferry.server.config;

/** An inclusive range of TCP ports, written {@code MIN-MAX}. */
public record PortRange(int min, int max) {

    public PortRange {
        if (min < 1 || max > 65535) {
            throw new IllegalArgumentException("ports must be within 1-65535, got " + min + "-" + max);
        }
        if (min > max) {
            throw new IllegalArgumentException("range is inverted: " + min + " is above " + max);
        }
    }

    public static PortRange parse(String text) {
        String[] parts = text.strip().split("-", -1);
        try {
            if (parts.length == 1) {
                int port = Integer.parseInt(parts[0].strip());
                return new PortRange(port, port);
            }
            if (parts.length == 2) {
                return new PortRange(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("expected MIN-MAX (for example 50000-50999), got '" + text + "'");
    }

    public int size() {
        return max - min + 1;
    }

    @Override
    public String toString() {
        return min + "-" + max;
    }
}
