package dev.ferry.cli.client.shell;

import java.util.List;

/**
 * One row of the shell's verb table: what the verb is called, what it takes, what it says in {@code help},
 * and the handler that does it. The arguments text is both the help and the rule: {@code REMOTE [LOCAL]}
 * takes one or two words, {@code PATTERN...} one or more; the session checks the count, and the
 * connection, before any handler runs.
 *
 * @param completions what each argument position completes to; the last repeats for a {@code ...} verb
 */
record ShellVerb(String name, List<String> aliases, String arguments, Phase phase, String help,
                 List<Completion> completions, Handler handler) {

    /** Whether the verb needs a logged-in connection. */
    enum Phase { ANY, CONNECTED }

    /** What Tab offers for an argument. */
    enum Completion { NONE, REMOTE, REMOTE_DIRECTORY, LOCAL, LOCAL_DIRECTORY, VERB, ON_OFF }

    /** Does the verb's work with its arguments (already checked against the arguments rule), or throws. */
    @FunctionalInterface
    interface Handler {
        void run(ShellSession session, List<String> arguments) throws Exception;
    }

    ShellVerb {
        aliases = List.copyOf(aliases);
        completions = List.copyOf(completions);
    }

    int minArguments() {
        return (int) words().stream().filter(w -> !w.startsWith("[")).count();
    }

    int maxArguments() {
        return words().stream().anyMatch(w -> w.endsWith("...")) ? Integer.MAX_VALUE : words().size();
    }

    boolean accepts(int count) {
        return count >= minArguments() && count <= maxArguments();
    }

    /** The completion for the argument at {@code index} (0 is the first after the verb). */
    Completion completion(int index) {
        if (index < completions.size()) {
            return completions.get(index);
        }
        return maxArguments() == Integer.MAX_VALUE && !completions.isEmpty() ? completions.getLast()
                : Completion.NONE;
    }

    String usage() {
        return arguments.isEmpty() ? name : name + " " + arguments;
    }

    private List<String> words() {
        return arguments.isBlank() ? List.of() : List.of(arguments.strip().split(" +"));
    }
}
