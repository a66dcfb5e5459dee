package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.config.ServerConfig;
import dev.ferry.server.config.TlsMode;
import dev.ferry.server.config.TlsRequirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * curl (OpenSSL) over FTPS: explicit (--ssl-reqd) and implicit (ftps://), TLS 1.3 and 1.2. curl resumes the
 * control connection's TLS session on each data connection, so these run with tls-session-reuse on, as the
 * server ships.
 */
final class CurlFtpsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path work;
    private ExternalClient curl;
    private TestServer server;

    @BeforeEach
    void requireCurl() throws IOException {
        curl = ExternalClient.require("curl", "curl", Files.createDirectory(work.resolve("home")));
    }

    private void start(Consumer<ServerConfig.Builder> customize) throws IOException {
        Path tlsDir = Files.createDirectory(work.resolve("tls"));
        server = TestServer.start(b -> customize.accept(b.tls(TlsMode.AUTO).tlsDir(tlsDir)));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.3", "1.2"})
    void uploadsDownloadsAndListsWithProtectedDataThatResumesTheSession(String version) throws IOException {
        start(b -> { });
        Path original = FileTrees.write(work.resolve("original.bin"), FileTrees.randomBytes(3 << 20, 51));
        List<String> tls = List.of("--ssl-reqd", "--insecure", "--tlsv" + version, "--tls-max", version);

        ExternalClient.Run upload = curl(tls, "-T", original.toString(), url("/uploaded.bin"));
        assertEquals(0, upload.exitCode(), upload.describe());
        assertTrue(upload.err().contains("< 234 AUTH "), upload.describe()); // curl 7 asks for SSL, curl 8 for TLS
        assertTrue(upload.err().contains("SSL re-using session ID"), "the data connection resumes\n" + upload.describe());
        assertTrue(upload.err().contains("> PROT P"), upload.describe());
        assertTrue(upload.err().contains("TLSv" + version), upload.describe());
        FileTrees.assertSameBytes(original, server.root().resolve("uploaded.bin"));

        Path downloaded = work.resolve("downloaded.bin");
        ExternalClient.Run download = curl(tls, "-o", downloaded.toString(), url("/uploaded.bin"));
        assertEquals(0, download.exitCode(), download.describe());
        FileTrees.assertSameBytes(original, downloaded);

        Path listing = work.resolve("listing.txt");
        ExternalClient.Run list = curl(tls, "-o", listing.toString(), url("/"));
        assertEquals(0, list.exitCode(), list.describe());
        assertTrue(Files.readString(listing).contains("uploaded.bin"), Files.readString(listing));
    }

    @Test
    void downloadsOverImplicitFtps() throws IOException {
        start(b -> b.implicitPort(0).tlsRequired(TlsRequirement.ALL));
        Path original = FileTrees.write(server.root().resolve("a.bin"), FileTrees.randomBytes(1 << 20, 52));
        Path downloaded = work.resolve("a.bin");

        ExternalClient.Run run = curl(List.of("--insecure"), "-o", downloaded.toString(),
                "ftps://127.0.0.1:" + server.server().implicitPort().orElseThrow() + "/a.bin");

        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(!run.err().contains("> AUTH"), run.describe());
        FileTrees.assertSameBytes(original, downloaded);
    }

    @Test
    void plainLoginIsRefusedWhereTlsIsRequiredWithAReplyNamingAuthTls() throws IOException {
        start(b -> b.tlsRequired(TlsRequirement.ALL));

        ExternalClient.Run run = curl(List.of(), "-o", work.resolve("x").toString(), url("/"));

        assertEquals(67, run.exitCode(), "CURLE_LOGIN_DENIED\n" + run.describe());
        assertTrue(run.err().contains("< 530 TLS required for login on this server: send AUTH TLS"), run.describe());
    }

    private ExternalClient.Run curl(List<String> tls, String... arguments) {
        List<String> all = new ArrayList<>(List.of("-q", "--silent", "--show-error", "--verbose", "--noproxy", "*",
                "--connect-timeout", "10", "--max-time", "50", "--user", TestServer.USER + ":" + TestServer.PASSWORD));
        all.addAll(tls);
        all.addAll(List.of(arguments));
        return curl.run(work, TIMEOUT, all);
    }

    private String url(String path) {
        return "ftp://127.0.0.1:" + server.port() + path;
    }
}
