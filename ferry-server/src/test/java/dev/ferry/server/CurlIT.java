package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** curl against a real server: every data connection mode, listings, resume, quote commands, errors. */
final class CurlIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern DATA_COMMAND = Pattern.compile("(?m)^> (EPSV|PASV|EPRT|PORT)\\b.*$");

    /** How curl opens data connections, with the flags that choose it. */
    enum DataMode {
        EPSV(),
        PASV("--ftp-pasv", "--disable-epsv"),
        EPRT("--ftp-port", "127.0.0.1"),
        PORT("--ftp-port", "127.0.0.1", "--disable-eprt");

        final List<String> flags;

        DataMode(String... flags) {
            this.flags = List.of(flags);
        }
    }

    @TempDir
    Path work;
    private ExternalClient curl;
    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        curl = ExternalClient.require("curl", "curl", Files.createDirectory(work.resolve("home")));
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void uploadsAndDownloadsByteIdentical(DataMode mode) {
        Path original = FileTrees.write(work.resolve("original.bin"), FileTrees.randomBytes(3 << 20, 1));

        ExternalClient.Run upload = curl(mode.flags, "-T", original.toString(), url("/uploaded.bin"));
        assertEquals(0, upload.exitCode(), upload.describe());
        assertEquals(List.of(mode.name()), dataCommands(upload), upload.describe());
        FileTrees.assertSameBytes(original, server.root().resolve("uploaded.bin"));

        Path downloaded = work.resolve("downloaded.bin");
        ExternalClient.Run download = curl(mode.flags, "-o", downloaded.toString(), url("/uploaded.bin"));
        assertEquals(0, download.exitCode(), download.describe());
        assertEquals(List.of(mode.name()), dataCommands(download), download.describe());
        FileTrees.assertSameBytes(original, downloaded);
    }

    @Test
    void listsAFolderInLsForm() throws IOException {
        Path dir = folderWithFiles();
        Path listing = work.resolve("listing.txt");

        ExternalClient.Run run = curl(List.of(), "-o", listing.toString(), url("/dir/"));

        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.err().contains("> LIST"), run.describe());
        assertEquals(FileTrees.sizes(dir), new TreeMap<>(LsLine.sizes(Files.readString(listing))));
    }

    @Test
    void listsNamesOnly() throws IOException {
        Path dir = folderWithFiles();
        Path listing = work.resolve("names.txt");

        ExternalClient.Run run = curl(List.of(), "--list-only", "-o", listing.toString(), url("/dir/"));

        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.err().contains("> NLST"), run.describe());
        Set<String> expected = new TreeSet<>();
        FileTrees.sizes(dir).keySet().forEach(n -> expected.add(n.endsWith("/") ? n.substring(0, n.length() - 1) : n));
        List<String> lines = Files.readString(listing).lines().toList();
        assertEquals(expected.size(), lines.size(), "one line per entry: " + lines);
        assertEquals(expected, new TreeSet<>(lines));
    }

    @Test
    void resumesADownload() {
        byte[] content = FileTrees.randomBytes(2 << 20, 2);
        Path onServer = FileTrees.write(server.root().resolve("resume.bin"), content);
        Path partial = FileTrees.write(work.resolve("partial.bin"), Arrays.copyOf(content, 700_001));

        ExternalClient.Run run = curl(List.of(), "-C", "-", "-o", partial.toString(), url("/resume.bin"));

        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.err().contains("> REST 700001"), run.describe());
        FileTrees.assertSameBytes(onServer, partial);
    }

    @Test
    void resumesAnUpload() {
        byte[] content = FileTrees.randomBytes(2 << 20, 3);
        Path local = FileTrees.write(work.resolve("whole.bin"), content);
        FileTrees.write(server.root().resolve("whole.bin"), Arrays.copyOf(content, 500_000));

        ExternalClient.Run run = curl(List.of(), "-C", "-", "-T", local.toString(), url("/whole.bin"));

        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.err().contains("> APPE whole.bin"), run.describe());
        FileTrees.assertSameBytes(local, server.root().resolve("whole.bin"));
    }

    @Test
    void runsQuoteCommandsBeforeAndAfterTheTransfer() throws IOException {
        FileTrees.write(server.root().resolve("old.txt"), "old\n".getBytes(StandardCharsets.UTF_8));
        FileTrees.write(server.root().resolve("victim.txt"), "victim\n".getBytes(StandardCharsets.UTF_8));
        Path listing = work.resolve("listing.txt");

        ExternalClient.Run run = curl(List.of(), "-Q", "MKD made", "-Q", "RNFR old.txt", "-Q", "RNTO new.txt",
                "-Q", "-DELE victim.txt", "-o", listing.toString(), url("/"));

        assertEquals(0, run.exitCode(), run.describe());
        // the listing ran after the commands before the transfer and before the one after it
        assertEquals(Set.of("made/", "new.txt", "victim.txt"), LsLine.sizes(Files.readString(listing)).keySet());
        assertEquals(Set.of("made/", "new.txt"), FileTrees.sizes(server.root()).keySet());
        assertEquals("old\n", Files.readString(server.root().resolve("new.txt")));
    }

    @Test
    void failsWhenAQuoteCommandFails() {
        Path out = work.resolve("out.txt");

        ExternalClient.Run run = curl(List.of(), "-Q", "DELE missing.txt", "-o", out.toString(), url("/"));

        assertEquals(21, run.exitCode(), "CURLE_QUOTE_ERROR\n" + run.describe());
        assertTrue(run.err().contains("< 550"), run.describe());
        assertFalse(Files.exists(out), "no listing after a failed quote command");
    }

    @Test
    void missingFileIsAnErrorAndWritesNothing() {
        Path out = work.resolve("missing.bin");

        ExternalClient.Run run = curl(List.of(), "-o", out.toString(), url("/missing.bin"));

        // 78: CURLE_REMOTE_FILE_NOT_FOUND (550 to SIZE or RETR), 9: CURLE_REMOTE_ACCESS_DENIED
        assertTrue(run.exitCode() == 78 || run.exitCode() == 9, run.describe());
        assertTrue(run.err().contains("< 550"), run.describe());
        assertFalse(Files.exists(out), "curl wrote " + out);
    }

    @Test
    void readOnlyUserCannotUpload() {
        Path local = FileTrees.write(work.resolve("denied.bin"), FileTrees.randomBytes(10_000, 4));

        ExternalClient.Run run = curl.run(work, TIMEOUT, args(List.of(), "--user",
                TestServer.READ_ONLY_USER + ":" + TestServer.PASSWORD, "-T", local.toString(), url("/denied.bin")));

        assertEquals(25, run.exitCode(), "CURLE_UPLOAD_FAILED\n" + run.describe());
        assertTrue(run.err().contains("< 550"), run.describe());
        assertFalse(Files.exists(server.root().resolve("denied.bin")));
    }

    /** A folder "dir" in the server root with files of several sizes, a UTF-8 name, and a subfolder. */
    private Path folderWithFiles() throws IOException {
        Path dir = Files.createDirectory(server.root().resolve("dir"));
        FileTrees.write(dir.resolve("a.txt"), "hello".getBytes(StandardCharsets.UTF_8));
        FileTrees.write(dir.resolve("two words.bin"), FileTrees.randomBytes(1234, 5));
        FileTrees.write(dir.resolve("grüße.txt"), "grüße\n".repeat(3).getBytes(StandardCharsets.UTF_8));
        FileTrees.write(dir.resolve("empty"), new byte[0]);
        Files.createDirectory(dir.resolve("sub"));
        return dir;
    }

    private ExternalClient.Run curl(List<String> mode, String... arguments) {
        List<String> all = new ArrayList<>(List.of("--user", TestServer.USER + ":" + TestServer.PASSWORD));
        all.addAll(List.of(arguments));
        return curl.run(work, TIMEOUT, args(mode, all.toArray(String[]::new)));
    }

    /** -q first (no .curlrc), verbose for the protocol trace, never a proxy, bounded in time. */
    private static List<String> args(List<String> mode, String... arguments) {
        List<String> all = new ArrayList<>(List.of("-q", "--silent", "--show-error", "--verbose", "--noproxy", "*",
                "--connect-timeout", "10", "--max-time", "50"));
        all.addAll(mode);
        all.addAll(List.of(arguments));
        return all;
    }

    private String url(String path) {
        return "ftp://127.0.0.1:" + server.port() + path;
    }

    /** The data connection commands curl sent, in order, from its --verbose trace. */
    private static List<String> dataCommands(ExternalClient.Run run) {
        List<String> verbs = new ArrayList<>();
        Matcher m = DATA_COMMAND.matcher(run.err());
        while (m.find()) {
            verbs.add(m.group(1));
        }
        return verbs;
    }
}
