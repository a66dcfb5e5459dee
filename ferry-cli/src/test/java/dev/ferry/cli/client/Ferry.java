package dev.ferry.cli.client;

import dev.ferry.cli.Main;
import dev.ferry.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the {@code ferry} command in this JVM, as {@code main} would, with its output captured. */
public final class Ferry {

    public record Result(int exit, byte[] stdout, String err) {
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** Lines of the --verbose trace (or of any output) that contain {@code text}. */
        long count(String text) {
            return err.lines().filter(l -> l.contains(text)).count();
        }

        @Override
        public String toString() {
            return "exit " + exit + ", stderr:\n" + err;
        }
    }

    private Ferry() {
    }

    public static Result run(String... args) {
        return run(false, args);
    }

    /** With {@code terminal}, stderr counts as a terminal: the progress bar is drawn. */
    static Result run(boolean terminal, String... args) {
        return run(new ByteArrayOutputStream(), terminal, args);
    }

    /** With standard output going to {@code out}; {@link Result#stdout} is empty unless it is a byte array. */
    static Result run(OutputStream out, boolean terminal, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        int exit = Main.commandLine(new Streams(outStream, errStream, terminal)).execute(args);
        outStream.flush();
        errStream.flush();
        byte[] stdout = out instanceof ByteArrayOutputStream bytes ? bytes.toByteArray() : new byte[0];
        return new Result(exit, stdout, err.toString(StandardCharsets.UTF_8));
    }

    /** {@code ftp://alice:secret@127.0.0.1:PORT/path}: the test server's read-write user. */
    static String url(TestServer server, String path) {
        return "ftp://" + TestServer.USER + ":" + TestServer.PASSWORD + "@127.0.0.1:" + server.port() + "/" + path;
    }
}
