package dev.ferry.cli.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Credentials from a {@code .netrc} file, as ftp(1), curl and lftp read it: {@code machine NAME login USER
 * password PASS} entries, and a {@code default} entry for any other host ({@code macdef} is not supported).
 */
final class Netrc {

    private Netrc() {
    }

    record Entry(String login, Optional<String> password) {
    }

    static Optional<Entry> lookup(Path file, String host) throws IOException {
        if (!Files.isReadable(file)) {
            return Optional.empty();
        }
        String[] tokens = Files.readString(file).split("\\s+");
        Optional<Entry> fallback = Optional.empty();
        for (int i = 0; i < tokens.length; i++) {
            boolean machine = tokens[i].equals("machine") && i + 1 < tokens.length;
            boolean isDefault = tokens[i].equals("default");
            if (!machine && !isDefault) {
                continue;
            }
            String name = machine ? tokens[++i] : "";
            String login = null;
            String password = null;
            while (i + 1 < tokens.length && !tokens[i + 1].equals("machine") && !tokens[i + 1].equals("default")) {
                String key = tokens[++i];
                String value = i + 1 < tokens.length ? tokens[++i] : "";
                if (key.equals("login")) {
                    login = value;
                } else if (key.equals("password")) {
                    password = value;
                }
            }
            if (login == null) {
                continue;
            }
            Entry entry = new Entry(login, Optional.ofNullable(password));
            if (machine && name.equalsIgnoreCase(host)) {
                return Optional.of(entry);
            }
            if (isDefault && fallback.isEmpty()) {
                fallback = Optional.of(entry);
            }
        }
        return fallback;
    }
}
