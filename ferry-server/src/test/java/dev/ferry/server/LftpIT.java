package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.config.TlsMode;
import dev.ferry.server.config.TlsRequirement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** lftp against a real server: transfers in passive and active mode, listings, file commands, mirror. */
final class LftpIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /**
     * Fail on the first failing command; one retry and a 10 s timeout so a failure never hangs; plain FTP
     * (no AUTH TLS attempt).
     */
    private static final String SETTINGS = "set cmd:fail-exit yes; set net:max-retries 1; set net:timeout 10;"
            + " set net:reconnect-interval-base 1; set ftp:ssl-allow no; ";
    /** lftp's debug trace of the commands it sends: "---> VERB argument". */
    private static final Pattern SENT = Pattern.compile("(?m)^---> (\\S+)");
    /** A line of {@code cls -l}: mode, size (none for folders), date, name. */
    private static final Pattern CLS_LONG = Pattern.compile(
            "([-d])[-rwxsStT]{9}\\s+(\\d*)\\s+[A-Z][a-z]{2}\\s+\\d{1,2}\\s+(?:\\d{1,2}:\\d{2}|\\d{4})\\s(.+)");

    @TempDir
    Path work;
    private ExternalClient lftp;
    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        lftp = ExternalClient.require("lftp", "lftp", Files.createDirectory(work.resolve("home")));
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no"})
    void putsAndGetsByteIdenticalInPassiveMode(String preferEpsv) {
        Path original = FileTrees.write(work.resolve("original.bin"), FileTrees.randomBytes(3 << 20, 11));

        ExternalClient.Run run = lftp("set ftp:passive-mode on; set ftp:prefer-epsv " + preferEpsv
                + "; put original.bin -o uploaded.bin; get uploaded.bin -o downloaded.bin");

        assertEquals(0, run.exitCode(), run.describe());
        String expected = preferEpsv.equals("yes") ? "EPSV" : "PASV";
        assertEquals(List.of(expected, expected), dataCommands(run), run.describe());
        FileTrees.assertSameBytes(original, server.root().resolve("uploaded.bin"));
        FileTrees.assertSameBytes(original, work.resolve("downloaded.bin"));
    }

    @Test
    void putsAndGetsByteIdenticalInActiveMode() {
        Path original = FileTrees.write(work.resolve("original.bin"), FileTrees.randomBytes(3 << 20, 12));

        ExternalClient.Run run = lftp("set ftp:passive-mode off; put original.bin -o uploaded.bin;"
                + " get uploaded.bin -o downloaded.bin");

        assertEquals(0, run.exitCode(), run.describe());
        List<String> commands = dataCommands(run);
        assertEquals(2, commands.size(), run.describe());
        assertTrue(commands.stream().allMatch(c -> c.equals("PORT") || c.equals("EPRT")), run.describe());
        FileTrees.assertSameBytes(original, server.root().resolve("uploaded.bin"));
        FileTrees.assertSameBytes(original, work.resolve("downloaded.bin"));
    }

    @Test
    void listsWithLsAndCls() {
        Path dir = folderWithFiles();

        ExternalClient.Run ls = lftp("ls dir");
        ExternalClient.Run names = lftp("cd dir; cls -1");
        ExternalClient.Run longList = lftp("cd dir; cls -l");

        assertEquals(0, ls.exitCode(), ls.describe());
        assertTrue(ls.err().contains("---> LIST"), ls.describe());
        assertEquals(FileTrees.sizes(dir), new TreeMap<>(LsLine.sizes(ls.out())), ls.describe());

        assertEquals(0, names.exitCode(), names.describe());
        assertTrue(names.err().contains("---> MLSD"), "cls reads MLSD when FEAT offers MLST\n" + names.describe());
        assertEquals(new ArrayList<>(FileTrees.sizes(dir).keySet()), names.out().lines().sorted().toList());

        assertEquals(0, longList.exitCode(), longList.describe());
        Map<String, Long> sizes = new TreeMap<>();
        for (String line : longList.out().lines().toList()) {
            Matcher m = CLS_LONG.matcher(line);
            assertTrue(m.matches(), "not a cls -l line: '" + line + "'");
            boolean folder = m.group(1).equals("d");
            sizes.put(m.group(3), folder ? 0L : Long.parseLong(m.group(2)));
        }
        assertEquals(FileTrees.sizes(dir), sizes);
    }

    @Test
    void makesMovesAndRemoves() throws IOException {
        FileTrees.write(server.root().resolve("old.txt"), "moved\n".getBytes(StandardCharsets.UTF_8));
        FileTrees.write(server.root().resolve("victim.txt"), "gone\n".getBytes(StandardCharsets.UTF_8));
        Files.createDirectory(server.root().resolve("empty"));

        ExternalClient.Run run = lftp("mkdir made; mkdir -p deep/er; mv old.txt made/new.txt; rm victim.txt;"
                + " rmdir empty");

        assertEquals(0, run.exitCode(), run.describe());
        assertEquals(List.of("deep/", "deep/er/", "made/", "made/new.txt"),
                List.copyOf(FileTrees.entries(server.root())));
        assertEquals("moved\n", Files.readString(server.root().resolve("made/new.txt")));
    }

    @Test
    void failsOnAMissingFile() {
        ExternalClient.Run run = lftp("get missing.bin -o missing.bin");

        assertNotEquals(0, run.exitCode(), run.describe());
        assertTrue(run.err().contains("550"), run.describe());
        assertFalse(Files.exists(work.resolve("missing.bin")), "lftp wrote a file for a missing one");
    }

    @Test
    void abortsADownloadWithTelnetSynch() {
        // lftp stops reading when head has enough and sends IAC IP, IAC DM (urgent), ABOR (RFC 959 §4.1.3)
        FileTrees.sparseFile(server.root().resolve("huge.bin"), 64L << 20);

        ExternalClient.Run run = lftp("cat huge.bin | head -c 100 > /dev/null; cls -1");

        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.err().contains("---> ABOR"), run.describe());
        assertFalse(run.err().contains("<--- 500"), "ABOR arrived garbled\n" + run.describe());
        assertTrue(run.err().contains("<--- 226 ABOR"), run.describe());
        assertEquals("huge.bin", run.out().strip(), "the session goes on after ABOR\n" + run.describe());
    }

    @Test
    void mirrorsATreeDown() {
        Path tree = sampleTree(server.root().resolve("tree"));

        ExternalClient.Run run = lftp("mirror tree copy");

        assertEquals(0, run.exitCode(), run.describe());
        FileTrees.assertSameTree(tree, work.resolve("copy"));
    }

    @Test
    void mirrorsATreeUp() {
        Path tree = sampleTree(work.resolve("tree"));

        ExternalClient.Run run = lftp("mirror -R tree copy");

        assertEquals(0, run.exitCode(), run.describe());
        FileTrees.assertSameTree(tree, server.root().resolve("copy"));
    }

    @Test
    void readOnlyUserCannotUpload() {
        FileTrees.write(work.resolve("denied.bin"), FileTrees.randomBytes(10_000, 13));

        ExternalClient.Run run = lftp.run(work, TIMEOUT, List.of("-d", "-u",
                TestServer.READ_ONLY_USER + "," + TestServer.PASSWORD, "-p", Integer.toString(server.port()),
                "-e", SETTINGS + "put denied.bin; bye", "127.0.0.1"));

        assertNotEquals(0, run.exitCode(), run.describe());
        assertTrue(run.err().contains("550"), run.describe());
        assertFalse(Files.exists(server.root().resolve("denied.bin")));
    }

    /**
     * Explicit FTPS with lftp (GnuTLS), TLS 1.3 and 1.2, against a server that requires TLS for login and data
     * and that data connections resume the control connection's session: lftp resumes it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"1.3", "1.2"})
    void putsGetsAndListsOverFtpsWithDataConnectionsThatResumeTheSession(String version) throws IOException {
        server.close();
        Path tlsDir = Files.createDirectory(work.resolve("tls"));
        server = TestServer.start(b -> b.tls(TlsMode.AUTO).tlsDir(tlsDir).tlsRequired(TlsRequirement.ALL));
        Path original = FileTrees.write(work.resolve("original.bin"), FileTrees.randomBytes(3 << 20, 61));

        ExternalClient.Run run = lftp("set ftp:ssl-allow yes; set ftp:ssl-force true; set ftp:ssl-protect-data true;"
                + " set ftp:ssl-protect-list true; set ssl:verify-certificate no;"
                + " set ssl:priority \"NORMAL:-VERS-ALL:+VERS-TLS" + version + "\";"
                + " put original.bin -o uploaded.bin; get uploaded.bin -o downloaded.bin; cls -1");

        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.err().contains("---> AUTH TLS"), run.describe());
        assertTrue(run.err().contains("---> PROT P"), run.describe());
        assertTrue(run.out().contains("uploaded.bin"), run.describe());
        FileTrees.assertSameBytes(original, server.root().resolve("uploaded.bin"));
        FileTrees.assertSameBytes(original, work.resolve("downloaded.bin"));
    }

    private ExternalClient.Run lftp(String commands) {
        return lftp.run(work, TIMEOUT, List.of("-d", "-u", TestServer.USER + "," + TestServer.PASSWORD,
                "-p", Integer.toString(server.port()), "-e", SETTINGS + commands + "; bye", "127.0.0.1"));
    }

    private static List<String> dataCommands(ExternalClient.Run run) {
        List<String> verbs = new ArrayList<>();
        Matcher m = SENT.matcher(run.err());
        while (m.find()) {
            if (List.of("EPSV", "PASV", "EPRT", "PORT").contains(m.group(1))) {
                verbs.add(m.group(1));
            }
        }
        return verbs;
    }

    private Path folderWithFiles() {
        Path dir = server.root().resolve("dir");
        FileTrees.write(dir.resolve("a.txt"), "hello".getBytes(StandardCharsets.UTF_8));
        FileTrees.write(dir.resolve("two words.bin"), FileTrees.randomBytes(1234, 14));
        FileTrees.write(dir.resolve("grüße.txt"), "grüße\n".repeat(3).getBytes(StandardCharsets.UTF_8));
        FileTrees.write(dir.resolve("sub/inner.txt"), new byte[7]);
        return dir;
    }

    /** A few files, one empty, UTF-8 names, a subfolder and an empty sub-subfolder. */
    private static Path sampleTree(Path root) {
        FileTrees.write(root.resolve("readme.txt"), "line one\nline two\n".getBytes(StandardCharsets.UTF_8));
        FileTrees.write(root.resolve("random.bin"), FileTrees.randomBytes(300_000, 15));
        FileTrees.write(root.resolve("grüße ü.bin"), FileTrees.randomBytes(4096, 16));
        FileTrees.write(root.resolve("sub/日本語.txt"), "こんにちは\n".getBytes(StandardCharsets.UTF_8));
        FileTrees.write(root.resolve("sub/empty.dat"), new byte[0]);
        try {
            Files.createDirectories(root.resolve("sub/deeper"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }
}
