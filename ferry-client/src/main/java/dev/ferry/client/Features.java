package dev.ferry.client;

import dev.ferry.protocol.Reply;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the server says it supports in its FEAT reply (RFC 2389): feature names, upper case, each with its
 * parameters ({@code MLST type*;size*;modify*;}, {@code REST STREAM}).
 */
public record Features(Map<String, String> entries) {

    public Features {
        entries = Map.copyOf(entries);
    }

    /** For a server that does not know FEAT: nothing beyond RFC 959. */
    public static Features none() {
        return new Features(Map.of());
    }

    /** Reads a 211 FEAT reply: one feature per line between the first and the last. */
    static Features parse(Reply reply) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String line : reply.lines().subList(1, Math.max(1, reply.lines().size() - 1))) {
            String feature = line.strip();
            if (feature.isEmpty()) {
                continue;
            }
            int space = feature.indexOf(' ');
            String name = (space < 0 ? feature : feature.substring(0, space)).toUpperCase(Locale.ROOT);
            entries.put(name, space < 0 ? "" : feature.substring(space + 1).strip());
        }
        return new Features(entries);
    }

    public boolean has(String feature) {
        return entries.containsKey(feature.toUpperCase(Locale.ROOT));
    }

    public Optional<String> parameters(String feature) {
        return Optional.ofNullable(entries.get(feature.toUpperCase(Locale.ROOT)));
    }
}
