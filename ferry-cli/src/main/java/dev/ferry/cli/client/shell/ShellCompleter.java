package dev.ferry.cli.client.shell;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What Tab offers, knowing nothing of the terminal: verb names for the first word, then what the verb's
 * row says each argument is (a remote path, a local path, a verb, on/off).
 */
final class ShellCompleter {

    /**
     * One completion. {@code complete}: the word is finished (a file, a verb), so a space may follow; a
     * directory is not, so that the next Tab goes on into it.
     */
    record Suggestion(String value, boolean complete) {
    }

    private final ShellVerbs verbs;
    private final RemotePathCompleter remote;
    private final LocalPathCompleter local;

    ShellCompleter(ShellVerbs verbs, RemotePathCompleter remote, LocalPathCompleter local) {
        this.verbs = verbs;
        this.remote = remote;
        this.local = local;
    }

    /** @param before the words before the one being completed; {@code word} that word as typed so far */
    List<Suggestion> complete(List<String> before, String word) {
        if (before.isEmpty()) {
            return words(verbs.names().stream(), word);
        }
        Optional<ShellVerb> verb = verbs.find(before.getFirst());
        if (verb.isEmpty()) {
            return List.of();
        }
        return switch (verb.get().completion(before.size() - 1)) {
            case NONE -> List.of();
            case REMOTE -> remote.complete(word, false);
            case REMOTE_DIRECTORY -> remote.complete(word, true);
            case LOCAL -> local.complete(word, false);
            case LOCAL_DIRECTORY -> local.complete(word, true);
            case VERB -> words(verbs.names().stream(), word);
            case ON_OFF -> words(Stream.of("on", "off"), word);
        };
    }

    private static List<Suggestion> words(Stream<String> words, String prefix) {
        return words.filter(w -> w.startsWith(prefix)).sorted().map(w -> new Suggestion(w, true)).toList();
    }
}
