package dev.ferry.cli.client.shell;

import dev.ferry.cli.client.shell.ShellCompleter.Suggestion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jline.reader.Candidate;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The shell on a terminal, with JLine: line editing, history (Up, Down, Ctrl-R), and Tab completion that
 * asks the session. Lines are split by {@link ShellWords}, the same rules the session runs them with, so a
 * completed name with a space comes back quoted the way it was started.
 */
final class ShellTerminal implements ShellInput {

    private final Terminal terminal;
    private final LineReader reader;

    private ShellTerminal(Terminal terminal, LineReader reader) {
        this.terminal = terminal;
        this.reader = reader;
    }

    /**
     * A terminal front end when stdin and stdout are a terminal; empty otherwise (scripts, pipes). A history
     * file that cannot be written is reported on {@code err} and the shell goes on without one.
     */
    static Optional<ShellTerminal> open(ShellSession session, Optional<Path> historyFile, PrintStream err)
            throws IOException {
        if (System.console() == null) {
            return Optional.empty(); // before JDK 22, and again from 25, null unless both ends are a terminal
        }
        Terminal terminal = TerminalBuilder.builder().name("ferry").system(true).dumb(true).build();
        if (terminal.getType().startsWith(Terminal.TYPE_DUMB)) {
            terminal.close(); // JDK 22-24 return a console for pipes too; JLine knows better
            return Optional.empty();
        }
        try {
            LineReaderBuilder builder = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("ferry")
                    .parser(new WordParser())
                    .completer((lineReader, line, candidates) -> candidates.addAll(candidates(session, line)))
                    .history(new RedactingHistory())
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is a character in file names
                    .option(LineReader.Option.INSERT_TAB, false)
                    .option(LineReader.Option.HISTORY_IGNORE_DUPS, true);
            historyFile.filter(file -> createPrivately(file, err))
                    .ifPresent(file -> builder.variable(LineReader.HISTORY_FILE, file));
            return Optional.of(new ShellTerminal(terminal, builder.build()));
        } catch (RuntimeException e) {
            terminal.close();
            throw e;
        }
    }

    /** Makes the history file readable by its owner only (lines may name private hosts and paths). */
    private static boolean createPrivately(Path file, PrintStream err) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(file); // not a POSIX file system
                }
            }
            if (!Files.isWritable(file)) {
                throw new AccessDeniedException(file.toString());
            }
            return true;
        } catch (IOException e) {
            err.println("ferry: cannot keep the history in " + file + " (" + e + "); going on without it");
            return false;
        }
    }

    private static List<Candidate> candidates(ShellSession session, ParsedLine line) {
        ShellWords.Partial partial = ((WordLine) line).partial();
        String typedDirectory = partial.word().substring(0, partial.word().lastIndexOf('/') + 1);
        List<Candidate> candidates = new ArrayList<>();
        for (Suggestion s : session.complete(partial.before(), partial.word())) {
            String shown = s.value().startsWith(typedDirectory) ? s.value().substring(typedDirectory.length())
                    : s.value();
            candidates.add(new Candidate(s.value(), shown, null, null, null, null, s.complete()));
        }
        return candidates;
    }

    @Override
    public Optional<String> readLine(String prompt) {
        while (true) {
            try {
                return Optional.of(reader.readLine(prompt));
            } catch (UserInterruptException e) {
                // Ctrl-C drops the line being typed, as in a shell
            } catch (EndOfFileException e) {
                terminal.writer().println();
                terminal.writer().flush();
                return Optional.empty();
            }
        }
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public void close() throws IOException {
        try {
            reader.getHistory().save();
        } finally {
            terminal.close();
        }
    }

    /** JLine's view of a line: the words up to the cursor, as {@link ShellWords} splits them. */
    private static final class WordParser implements Parser {
        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            return new WordLine(line, cursor, ShellWords.splitForCompletion(line, cursor));
        }
    }

    private record WordLine(String line, int cursor, ShellWords.Partial partial) implements CompletingParsedLine {

        @Override
        public String word() {
            return partial.word();
        }

        @Override
        public int wordCursor() {
            return partial.word().length();
        }

        @Override
        public int wordIndex() {
            return partial.before().size();
        }

        @Override
        public List<String> words() {
            List<String> words = new ArrayList<>(partial.before());
            words.add(partial.word());
            return words;
        }

        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return ShellWords.quote(candidate.toString(), partial.openQuote(), complete);
        }

        /** The word as typed, quotes and backslashes included, up to the cursor: what a completion replaces. */
        @Override
        public int rawWordCursor() {
            return cursor - partial.rawStart();
        }

        @Override
        public int rawWordLength() {
            return rawWordCursor();
        }
    }

    /** Keeps passwords out of the history file (and out of Up-arrow recall). */
    private static final class RedactingHistory extends DefaultHistory {
        @Override
        public void add(Instant time, String line) {
            super.add(time, ShellHistory.redact(line));
        }
    }
}
