package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.config.TlsMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's ftplib.FTP_TLS over explicit FTPS. Its data connections never resume the control connection's TLS
 * session (it wraps each one without the session), so the server refuses them while tls-session-reuse is
 * on, and serves them when it is off.
 */
final class FtplibFtpsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String SCRIPT = """
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
    void requirePython() throws IOException {
        python = ExternalClient.require("python3", "python3", Files.createDirectory(work.resolve("home")));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void dataConnectionsAreRefusedWhileSessionReuseIsRequired() throws IOException {
        start(true);
        FileTrees.write(work.resolve("original.bin"), FileTrees.randomBytes(1 << 20, 71));

        Map<String, String> records = run();

        assertTrue(records.get("login").startsWith("230 "), records.toString());
        assertTrue(records.get("prot").startsWith("200 "), records.toString());
        assertTrue(records.get("refused").startsWith("522 Data connection must resume the control connection's TLS session"),
                records.toString());
        assertTrue(records.get("quit").startsWith("221 "), records.toString());
    }

    @Test
    void storesRetrievesAndListsByteIdenticalWhenReuseIsOff() throws IOException {
        start(false);
        Path original = FileTrees.write(work.resolve("original.bin"), FileTrees.randomBytes(3 << 20, 72));

        Map<String, String> records = run();

        assertTrue(records.get("stor").startsWith("226 "), records.toString());
        assertTrue(records.get("retr").startsWith("226 "), records.toString());
        assertTrue(records.get("list").startsWith("226 "), records.toString());
        assertTrue(records.get("names").contains("uploaded.bin"), records.toString());
        FileTrees.assertSameBytes(original, server.root().resolve("uploaded.bin"));
        FileTrees.assertSameBytes(original, work.resolve("downloaded.bin"));
    }

    private void start(boolean reuse) throws IOException {
        Path tlsDir = Files.createDirectory(work.resolve("tls"));
        server = TestServer.start(b -> b.tls(TlsMode.AUTO).tlsDir(tlsDir).tlsSessionReuse(reuse));
    }

    private Map<String, String> run() {
        Path script = FileTrees.write(work.resolve("ftps.py"), SCRIPT.getBytes(StandardCharsets.UTF_8));
        ExternalClient.Run run = python.run(work, TIMEOUT, List.of(script.toString(), Integer.toString(server.port()),
                TestServer.USER, TestServer.PASSWORD));
        assertEquals(0, run.exitCode(), run.describe());
        Map<String, String> records = new LinkedHashMap<>();
        for (String line : run.out().lines().toList()) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                records.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return records;
    }
}
