package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.config.TlsMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Python's ftplib (the client pyftpdlib's own tests use) against a real server. Each test runs a short
 * script that prints what it saw as tab-separated records; the test checks them and the server's files.
 */
final class FtplibIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Connects and logs in; {@code ftp} is ready, {@code out(*fields)} prints one record. */
    private static final String PRELUDE = """
            import ftplib, io, sys
            port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
            def out(*fields):
                print("\\t".join(str(f) for f in fields), flush=True)
            ftp = ftplib.FTP(timeout=10, encoding="utf-8")
            ftp.connect("127.0.0.1", port)
            ftp.login(user, password)
            """;

    /** ftplib.FTP_TLS: AUTH TLS, login, PROT P, then a transfer each way and LIST, or the reply that refused them. */
    private static final String FTPS_SCRIPT = """
            import ftplib, ssl, sys
            port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
            def out(*fields):
                print("\\t".join(str(f) for f in fields), flush=True)
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            ftp = ftplib.FTP_TLS(context=context, timeout=10, encoding="utf-8")
            ftp.connect("127.0.0.1", port)
            out("login", ftp.login(user, password))
            out("prot", ftp.prot_p())
            try:
                with open("original.bin", "rb") as f:
                    out("stor", ftp.storbinary("STOR uploaded.bin", f))
                with open("downloaded.bin", "wb") as f:
                    out("retr", ftp.retrbinary("RETR uploaded.bin", f.write))
                names = []
                out("list", ftp.retrlines("LIST", names.append))
                out("names", " ".join(names))
            except ftplib.Error as e:
                out("refused", e)
            except OSError:
                # the server ended the TLS data connection; its reply says why
                try:
                    ftp.voidresp()
                except ftplib.Error as e:
                    out("refused", e)
            out("quit", ftp.quit())
            """;

    @TempDir
    Path work;
    private ExternalClient python;
    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        python = ExternalClient.require("python3", "python3", Files.createDirectory(work.resolve("home")));
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void storesAndRetrievesBinaryByteIdentical(boolean passive) {
        Path original = FileTrees.write(work.resolve("original.bin"), FileTrees.randomBytes(3 << 20, 21));

        ExternalClient.Run run = script("""
                ftp.set_pasv(%s)
                ftp.set_debuglevel(1)
                with open("original.bin", "rb") as f:
                    out("stor", ftp.storbinary("STOR uploaded.bin", f))
                with open("downloaded.bin", "wb") as f:
                    out("retr", ftp.retrbinary("RETR uploaded.bin", f.write))
                out("quit", ftp.quit())
                """.formatted(passive ? "True" : "False"));

        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.out().contains(passive ? "*cmd* 'PASV'" : "*cmd* 'PORT 127,0,0,1,"), run.describe());
        assertFalse(run.out().contains(passive ? "*cmd* 'PORT" : "*cmd* 'PASV'"), run.describe());
        Map<String, String> records = records(run);
        assertTrue(records.get("stor").startsWith("226 "), run.describe());
        assertTrue(records.get("retr").startsWith("226 "), run.describe());
        assertTrue(records.get("quit").startsWith("221 "), run.describe());
        FileTrees.assertSameBytes(original, server.root().resolve("uploaded.bin"));
        FileTrees.assertSameBytes(original, work.resolve("downloaded.bin"));
    }

    @Test
    void mlsdFactsDescribeEachEntry() throws IOException {
        Path dir = folderWithFiles();
        Instant modified = Instant.parse("2021-03-04T05:06:07Z");
        Files.setLastModifiedTime(dir.resolve("a.txt"), FileTime.from(modified));

        ExternalClient.Run run = script("""
                for name, facts in ftp.mlsd("dir"):
                    out("entry", name, facts.get("type"), facts.get("size", "-"), facts.get("modify"))
                ftp.quit()
                """);

        assertEquals(0, run.exitCode(), run.describe());
        Map<String, Long> sizes = new TreeMap<>();
        for (List<String> entry : lines(run, "entry")) {
            String type = entry.get(2);
            assertTrue(type.equals("file") || type.equals("dir"), "type fact: " + entry);
            sizes.put(type.equals("dir") ? entry.get(1) + "/" : entry.get(1),
                    type.equals("dir") ? 0L : Long.parseLong(entry.get(3)));
            assertTrue(entry.get(4).matches("\\d{14}(\\.\\d+)?"), "modify fact: " + entry);
            if (entry.get(1).equals("a.txt")) {
                assertEquals(DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(modified),
                        entry.get(4), "modify fact of a.txt, in UTC");
            }
        }
        assertEquals(FileTrees.sizes(dir), sizes);
    }

    @Test
    void nlstAndDirListTheFolder() {
        Path dir = folderWithFiles();

        ExternalClient.Run run = script("""
                for name in ftp.nlst("dir"):
                    out("name", name)
                ftp.dir("dir", lambda line: out("line", line))
                ftp.quit()
                """);

        assertEquals(0, run.exitCode(), run.describe());
        TreeSet<String> expectedNames = new TreeSet<>();
        FileTrees.sizes(dir).keySet().forEach(n -> expectedNames.add(n.replaceAll("/$", "")));
        List<String> names = lines(run, "name").stream().map(r -> r.get(1)).toList();
        assertEquals(expectedNames.size(), names.size(), run.describe());
        assertEquals(expectedNames, new TreeSet<>(names));
        String listing = String.join("\n", lines(run, "line").stream().map(r -> r.get(1)).toList());
        assertEquals(FileTrees.sizes(dir), new TreeMap<>(LsLine.sizes(listing)), run.describe());
    }

    @Test
    void asciiModeConvertsLineEnds() throws IOException {
        // on disk LF (and one CRLF that must not double), on the wire CRLF (RFC 959 §3.1.1.1)
        FileTrees.write(server.root().resolve("unix.txt"), "a\nb\r\nc\n\nlast".getBytes(StandardCharsets.UTF_8));
        FileTrees.write(work.resolve("local.txt"), "one\ntwo\r\nthree".getBytes(StandardCharsets.UTF_8));

        ExternalClient.Run run = script("""
                with open("local.txt", "rb") as f:
                    out("stor", ftp.storlines("STOR stored.txt", f))
                ftp.retrlines("RETR unix.txt", lambda line: out("line", repr(line)))
                ftp.voidcmd("TYPE A")
                out("size", ftp.size("unix.txt"))
                raw = bytearray()
                with ftp.transfercmd("RETR unix.txt") as conn:
                    while chunk := conn.recv(8192):
                        raw += chunk
                out("done", ftp.voidresp())
                out("wire", raw.hex())
                ftp.quit()
                """);

        assertEquals(0, run.exitCode(), run.describe());
        Map<String, String> records = records(run);
        // storlines sends every line, the last too, with CRLF; the server stores LF
        assertEquals("one\ntwo\nthree\n", Files.readString(server.root().resolve("stored.txt")));
        assertEquals(List.of("'a'", "'b'", "'c'", "''", "'last'"), lines(run, "line").stream().map(r -> r.get(1)).toList());
        byte[] wire = "a\r\nb\r\nc\r\n\r\nlast".getBytes(StandardCharsets.UTF_8);
        assertEquals(HexFormat.of().formatHex(wire), records.get("wire"), "bytes of RETR in TYPE A");
        assertEquals(Integer.toString(wire.length), records.get("size"), "SIZE in TYPE A counts the CRs added");
        assertTrue(records.get("done").startsWith("226 "), run.describe());
    }

    @Test
    void abortsARunningDownload() throws IOException {
        // larger than every socket buffer on the way, so the server is still sending when ABOR comes
        FileTrees.sparseFile(server.root().resolve("huge.bin"), 64L << 20);

        ExternalClient.Run run = script("""
                ftp.voidcmd("TYPE I")
                conn = ftp.transfercmd("RETR huge.bin")
                out("received", len(conn.recv(1000)) > 0)
                # ABOR as RFC 959 4.1.3 asks: its last byte sent as TCP urgent data
                out("abort", ftp.abort())
                conn.close()
                out("then", ftp.voidresp())
                out("pwd", ftp.pwd())
                out("quit", ftp.quit())
                """);

        assertEquals(0, run.exitCode(), run.describe());
        Map<String, String> records = records(run);
        assertEquals("True", records.get("received"), run.describe());
        assertTrue(records.get("abort").startsWith("426 "), "the transfer's reply\n" + run.describe());
        assertTrue(records.get("then").startsWith("226 "), "ABOR's own reply\n" + run.describe());
        assertEquals("/", records.get("pwd"), run.describe());
        assertTrue(records.get("quit").startsWith("221 "), run.describe());
    }

    @Test
    void endsADownloadTheClientStoppedReading() {
        server.close(); // the default one: this test needs a short stall timeout
        server = TestServer.start(b -> b.stallTimeout(Duration.ofSeconds(2)));
        FileTrees.sparseFile(server.root().resolve("huge.bin"), 64L << 20);

        ExternalClient.Run run = script("""
                ftp.voidcmd("TYPE I")
                conn = ftp.transfercmd("RETR huge.bin")
                out("received", len(conn.recv(1000)) > 0)
                # read nothing more, keep the data connection open, and wait for the verdict
                ftp.sock.settimeout(30)
                try:
                    out("reply", ftp.getresp())
                except ftplib.error_temp as e:
                    out("reply", e)
                conn.close()
                out("pwd", ftp.pwd())
                ftp.quit()
                """);

        assertEquals(0, run.exitCode(), run.describe());
        Map<String, String> records = records(run);
        assertEquals("True", records.get("received"), run.describe());
        assertTrue(records.get("reply").startsWith("426 "), "the stall watchdog's reply\n" + run.describe());
        assertEquals("/", records.get("pwd"), run.describe());
    }

    @Test
    void renamesDeletesAndMakesAndRemovesFolders() throws IOException {
        FileTrees.write(server.root().resolve("old.txt"), "renamed\n".getBytes(StandardCharsets.UTF_8));
        FileTrees.write(server.root().resolve("victim.txt"), "gone\n".getBytes(StandardCharsets.UTF_8));
        Files.createDirectory(server.root().resolve("empty"));

        ExternalClient.Run run = script("""
                out("mkd", ftp.mkd("made"))
                out("cwd", ftp.cwd("made"))
                out("pwd", ftp.pwd())
                out("rename", ftp.rename("/old.txt", "new.txt"))
                out("delete", ftp.delete("/victim.txt"))
                out("rmd", ftp.rmd("/empty"))
                try:
                    ftp.delete("/victim.txt")
                    out("again", "deleted twice")
                except ftplib.error_perm as e:
                    out("again", e)
                out("quit", ftp.quit())
                """);

        assertEquals(0, run.exitCode(), run.describe());
        Map<String, String> records = records(run);
        assertEquals("/made", records.get("mkd"));
        assertTrue(records.get("cwd").startsWith("250 "), run.describe());
        assertEquals("/made", records.get("pwd"));
        assertTrue(records.get("rename").startsWith("250 "), run.describe());
        assertTrue(records.get("delete").startsWith("250 "), run.describe());
        assertTrue(records.get("rmd").startsWith("250 "), run.describe());
        assertTrue(records.get("again").startsWith("550 "), run.describe());
        assertTrue(records.get("quit").startsWith("221 "), run.describe());
        assertEquals(List.of("made/", "made/new.txt"), List.copyOf(FileTrees.entries(server.root())));
        assertEquals("renamed\n", Files.readString(server.root().resolve("made/new.txt")));
    }

    @Test
    void refusesMissingFilesAndFolders() throws IOException {
        Files.createDirectory(server.root().resolve("folder"));
        Path local = work.resolve("sink.bin");

        ExternalClient.Run run = script("""
                with open("sink.bin", "wb") as sink:
                    for command in ("RETR missing.bin", "SIZE missing.bin", "RETR folder"):
                        try:
                            if command.startswith("RETR"):
                                ftp.retrbinary(command, sink.write)
                            else:
                                ftp.sendcmd(command)
                            out(command, "succeeded")
                        except ftplib.error_perm as e:
                            out(command, e)
                out("quit", ftp.quit())
                """);

        assertEquals(0, run.exitCode(), run.describe());
        Map<String, String> records = records(run);
        assertEquals("550 missing.bin: No such file or directory", records.get("RETR missing.bin"), run.describe());
        assertEquals("550 missing.bin: No such file or directory", records.get("SIZE missing.bin"), run.describe());
        assertEquals("550 folder: Not a regular file", records.get("RETR folder"), run.describe());
        assertTrue(records.get("quit").startsWith("221 "), run.describe());
        assertEquals(0L, Files.size(local), "no data written for a refused RETR");
    }

    @Test
    void readOnlyUserCannotStore() {
        FileTrees.write(work.resolve("local.bin"), FileTrees.randomBytes(1000, 22));

        ExternalClient.Run run = python.run(work, TIMEOUT, List.of(writeScript("""
                try:
                    with open("local.bin", "rb") as f:
                        ftp.storbinary("STOR denied.bin", f)
                    out("stor", "stored")
                except ftplib.error_perm as e:
                    out("stor", e)
                ftp.quit()
                """).toString(), Integer.toString(server.port()), TestServer.READ_ONLY_USER, TestServer.PASSWORD));

        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(records(run).get("stor").startsWith("550 "), run.describe());
        assertFalse(Files.exists(server.root().resolve("denied.bin")));
    }

    /** Runs {@code body} after the prelude, as alice. */
    /** ftplib never resumes the control connection's TLS session on a data connection: refused with reuse on. */
    @Test
    void ftpsDataConnectionsAreRefusedWhileSessionReuseIsRequired() {
        Map<String, String> records = ftps(true, FileTrees.randomBytes(1 << 20, 71));

        assertTrue(records.get("login").startsWith("230 "), records.toString());
        assertTrue(records.get("prot").startsWith("200 "), records.toString());
        assertTrue(records.get("refused").startsWith("522 Data connection must resume the control connection's TLS session"),
                records.toString());
        assertTrue(records.get("quit").startsWith("221 "), records.toString());
    }

    @Test
    void ftpsStoresRetrievesAndListsByteIdenticalWhenReuseIsOff() {
        Map<String, String> records = ftps(false, FileTrees.randomBytes(3 << 20, 72));

        assertTrue(records.get("stor").startsWith("226 "), records.toString());
        assertTrue(records.get("retr").startsWith("226 "), records.toString());
        assertTrue(records.get("list").startsWith("226 "), records.toString());
        assertTrue(records.get("names").contains("uploaded.bin"), records.toString());
        FileTrees.assertSameBytes(work.resolve("original.bin"), server.root().resolve("uploaded.bin"));
        FileTrees.assertSameBytes(work.resolve("original.bin"), work.resolve("downloaded.bin"));
    }

    /** Runs {@link #FTPS_SCRIPT} against a server with TLS and the given tls-session-reuse. */
    private Map<String, String> ftps(boolean reuse, byte[] upload) {
        server.close();
        Path tlsDir = work.resolve("tls");
        server = TestServer.start(b -> b.tls(TlsMode.AUTO).tlsDir(tlsDir).tlsSessionReuse(reuse));
        FileTrees.write(work.resolve("original.bin"), upload);
        Path script = FileTrees.write(work.resolve("ftps.py"), FTPS_SCRIPT.getBytes(StandardCharsets.UTF_8));
        ExternalClient.Run run = python.run(work, TIMEOUT, List.of(script.toString(), Integer.toString(server.port()),
                TestServer.USER, TestServer.PASSWORD));
        assertEquals(0, run.exitCode(), run.describe());
        return records(run);
    }

    private ExternalClient.Run script(String body) {
        return python.run(work, TIMEOUT, List.of(writeScript(body).toString(), Integer.toString(server.port()),
                TestServer.USER, TestServer.PASSWORD));
    }

    private Path writeScript(String body) {
        return FileTrees.write(work.resolve("script.py"), (PRELUDE + body).getBytes(StandardCharsets.UTF_8));
    }

    /** The records of one kind, each split into its fields (the kind first). */
    private static List<List<String>> lines(ExternalClient.Run run, String kind) {
        List<List<String>> found = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            List<String> fields = List.of(line.split("\t", -1));
            if (fields.getFirst().equals(kind)) {
                found.add(fields);
            }
        }
        return found;
    }

    /** Records of two fields, kind to value. */
    private static Map<String, String> records(ExternalClient.Run run) {
        Map<String, String> records = new LinkedHashMap<>();
        for (String line : run.out().lines().toList()) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                records.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return records;
    }

    private Path folderWithFiles() {
        Path dir = server.root().resolve("dir");
        FileTrees.write(dir.resolve("a.txt"), "hello".getBytes(StandardCharsets.UTF_8));
        FileTrees.write(dir.resolve("two words.bin"), FileTrees.randomBytes(1234, 23));
        FileTrees.write(dir.resolve("grüße.txt"), "grüße\n".repeat(3).getBytes(StandardCharsets.UTF_8));
        FileTrees.write(dir.resolve("sub/inner.txt"), new byte[7]);
        return dir;
    }
}
