package dev.ferry.cli.client.shell;

import dev.ferry.cli.client.shell.ShellCompleter.Suggestion;
import dev.ferry.client.RemoteFile;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Completes remote paths from the listing of the directory being typed ({@code sub/fi} lists {@code sub}),
 * relative to the remote working directory; listings come from the session's cache. Hidden names are
 * offered only once a dot is typed. A listing that fails offers nothing: Tab must never print an error.
 */
final class RemotePathCompleter {

    private final RemoteListings listings;
    private final Supplier<String> workingDirectory;

    RemotePathCompleter(RemoteListings listings, Supplier<String> workingDirectory) {
        this.listings = listings;
        this.workingDirectory = workingDirectory;
    }

    List<Suggestion> complete(String word, boolean directoriesOnly) {
        int slash = word.lastIndexOf('/');
        String typedDirectory = word.substring(0, slash + 1);
        String prefix = word.substring(slash + 1);
        List<RemoteFile> files;
        try {
            files = listings.get(RemotePaths.resolve(workingDirectory.get(), typedDirectory));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return files.stream()
                .filter(f -> f.name().startsWith(prefix) && (prefix.startsWith(".") || !f.name().startsWith(".")))
                .filter(f -> !directoriesOnly || f.isDirectory() || f.type() == RemoteFile.Type.SYMLINK)
                .sorted(Comparator.comparing(RemoteFile::name))
                .map(f -> f.isDirectory() ? new Suggestion(typedDirectory + f.name() + "/", false)
                        : new Suggestion(typedDirectory + f.name(), true))
                .toList();
    }
}
