package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.config.TlsMode;
import dev.ferry.server.config.TlsRequirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * lftp (GnuTLS) over explicit FTPS, TLS 1.3 and 1.2, against a server that requires TLS for login and data
 * and that data connections resume the control connection's session (lftp does).
 */
final class LftpFtpsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String SETTINGS = "set cmd:fail-exit yes; set net:max-retries 1; set net:timeout 10;"
            + " set net:reconnect-interval-base 1; set ftp:ssl-force true; set ftp:ssl-protect-data true;"
            + " set ftp:ssl-protect-list true; set ssl:verify-certificate no; ";

    @TempDir
    Path work;
    private ExternalClient lftp;
    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        lftp = ExternalClient.require("lftp", "lftp", Files.createDirectory(work.resolve("home")));
        Path tlsDir = Files.createDirectory(work.resolve("tls"));
        server = TestServer.start(b -> b.tls(TlsMode.AUTO).tlsDir(tlsDir).tlsRequired(TlsRequirement.ALL));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.3", "1.2"})
    void putsGetsAndListsByteIdenticalWithProtectedData(String version) {
        Path original = FileTrees.write(work.resolve("original.bin"), FileTrees.randomBytes(3 << 20, 61));
        String priority = "set ssl:priority \"NORMAL:-VERS-ALL:+VERS-TLS" + version + "\"; ";

        ExternalClient.Run run = lftp(priority + "put original.bin -o uploaded.bin; get uploaded.bin -o downloaded.bin;"
                + " cls -1");

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
}
