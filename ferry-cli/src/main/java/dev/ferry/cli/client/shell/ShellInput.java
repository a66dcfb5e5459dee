package dev.ferry.cli.client.shell;

import java.io.IOException;
import java.util.Optional;

/** Where the shell's lines come from: a terminal with line editing, or a script on stdin. */
interface ShellInput extends AutoCloseable {

    /** The next line, or empty at the end of input (Ctrl-D, end of the script). */
    Optional<String> readLine(String prompt) throws IOException;

    /** Whether a person is typing: then the shell prompts and edits, and a script's exit status is not kept. */
    boolean interactive();

    @Override
    void close() throws IOException;
}
