package dev.ferry.cli.client.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Lines from a stream that is not a terminal ({@code printf 'ls\nbye\n' | ferry shell URL}): no prompt, no
 * editing, no escape codes.
 */
final class ScriptInput implements ShellInput {

    private final BufferedReader reader;

    ScriptInput(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    @Override
    public Optional<String> readLine(String prompt) throws IOException {
        return Optional.ofNullable(reader.readLine());
    }

    @Override
    public boolean interactive() {
        return false;
    }

    @Override
    public void close() {
        // stdin belongs to the process
    }
}
