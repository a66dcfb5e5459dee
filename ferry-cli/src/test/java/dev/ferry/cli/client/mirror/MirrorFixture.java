package dev.ferry.cli.client.mirror;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.cli.client.Ferry;
import dev.ferry.server.FileTrees;
import dev.ferry.server.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code ferry mirror} in this process against a {@link TestServer}, and reads what it printed. */
final class MirrorFixture {

    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) files? transferred \\(.*\\), (\\d+) up to date, (\\d+) deleted, (\\d+) failed in .*");
    private static final Pattern LOGGED = Pattern.compile(" [ab] _ ([oid]) [ar] \\S+ ftp 0 \\* [ci]$");

    /** Held, as java.util.logging keeps loggers only weakly. */
    private static final Logger SESSION_LOG = Logger.getLogger("dev.ferry.server.session");

    private MirrorFixture() {
    }

    /**
     * Keeps the server's per-transfer INFO lines off the console while thousands of files move; returns what
     * puts the level back.
     */
    static AutoCloseable quietServerLog() {
        Level before = SESSION_LOG.getLevel();
        SESSION_LOG.setLevel(Level.WARNING);
        return () -> SESSION_LOG.setLevel(before);
    }

    record Result(int exit, String out, String err) {

        /** The summary's numbers: transferred, up to date, deleted, failed. */
        List<Long> counts() {
            Matcher m = SUMMARY.matcher(out.lines().reduce((a, b) -> b).orElse(""));
            assertTrue(m.matches(), "no summary as the last line of:\n" + out + "\nerrors:\n" + err);
            List<Long> counts = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                counts.add(Long.parseLong(m.group(i)));
            }
            return counts;
        }

        List<String> lines(String prefix) {
            return out.lines().filter(l -> l.startsWith(prefix)).toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    /** Runs {@code ferry mirror ARGS} in this JVM, as {@code main} would, with its output captured. */
    static Result mirror(String... args) {
        List<String> all = new ArrayList<>(List.of("mirror", "--netrc-file", "/nonexistent/.netrc"));
        all.addAll(List.of(args));
        Ferry.Result result = Ferry.run(all.toArray(String[]::new));
        return new Result(result.exit(), result.out(), result.err());
    }

    /** An ftp:// URL of a path under the server's root, percent-encoded as a user would type it. */
    static String url(TestServer server, String user, String path) {
        StringBuilder encoded = new StringBuilder();
        for (String part : path.split("/", -1)) {
            if (!encoded.isEmpty() || path.startsWith("/")) {
                encoded.append('/');
            }
            encoded.append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return "ftp://" + user + ":" + TestServer.PASSWORD + "@127.0.0.1:" + server.port() + "/" + encoded;
    }

    static String url(TestServer server, String path) {
        return url(server, TestServer.USER, path);
    }

    /**
     * A tree of {@code files} small files of random sizes (0-2 KiB), ten to a directory, directories ten
     * to a parent, some names with spaces and letters outside ASCII.
     */
    static Path tree(Path root, int files, long seed) {
        String[] names = {"plain", "with space", "Grüße", "日本語", "ünï cødé", "x"};
        for (int i = 0; i < files; i++) {
            int leaf = i / 10;
            String dir = "d" + (leaf / 10) + " " + names[leaf / 10 % names.length] + "/" + names[leaf % names.length]
                    + " " + leaf % 10;
            String file = dir + "/" + names[i % names.length] + " " + i + ".bin";
            FileTrees.write(root.resolve(file), FileTrees.randomBytes((int) ((seed + i * 7919L) % 2048), seed + i));
        }
        return root;
    }

    /** How many RETR (o), STOR (i) the server's xferlog holds. */
    static long logged(Path transferLog, char direction) {
        try {
            if (!Files.exists(transferLog)) {
                return 0;
            }
            return Files.readAllLines(transferLog).stream().map(LOGGED::matcher)
                    .filter(m -> m.find() && m.group(1).charAt(0) == direction).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
