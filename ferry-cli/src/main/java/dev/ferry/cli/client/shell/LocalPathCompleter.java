package dev.ferry.cli.client.shell;

import dev.ferry.cli.client.shell.ShellCompleter.Suggestion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Completes local paths relative to the shell's local directory (which {@code lcd} changes, unlike the
 * process's); {@code ~/} is the home directory. Hidden names are offered only once a dot is typed.
 */
final class LocalPathCompleter {

    private final Supplier<Path> workingDirectory;

    LocalPathCompleter(Supplier<Path> workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    List<Suggestion> complete(String word, boolean directoriesOnly) {
        int slash = word.lastIndexOf('/');
        String typedDirectory = word.substring(0, slash + 1);
        String prefix = word.substring(slash + 1);
        Path directory = LocalPaths.resolve(workingDirectory.get(), typedDirectory);
        try (Stream<Path> entries = Files.list(directory)) {
            return entries
                    .map(p -> new Entry(p.getFileName().toString(), Files.isDirectory(p)))
                    .filter(e -> e.name.startsWith(prefix) && (prefix.startsWith(".") || !e.name.startsWith(".")))
                    .filter(e -> !directoriesOnly || e.directory)
                    .sorted((a, b) -> a.name.compareTo(b.name))
                    .map(e -> e.directory ? new Suggestion(typedDirectory + e.name + "/", false)
                            : new Suggestion(typedDirectory + e.name, true))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    private record Entry(String name, boolean directory) {
    }
}
