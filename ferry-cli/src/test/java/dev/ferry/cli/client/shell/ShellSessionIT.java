package dev.ferry.cli.client.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.cli.client.ExitCode;
import dev.ferry.cli.client.FtpUrl;
import dev.ferry.cli.client.shell.ShellCompleter.Suggestion;
import dev.ferry.server.FileTrees;
import dev.ferry.server.TestServer;
import dev.ferry.server.config.TlsMode;
import dev.ferry.server.config.TlsRequirement;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session against a real server, in this JVM: completion from listings, losing and regaining the connection. */
class ShellSessionIT {

    @TempDir
    Path local;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ShellSession session(TestServer server) throws Exception {
        ShellSession session = new ShellSession(ShellVerbs.ALL,
                ShellSessionTest.options("--netrc-file", local.resolve("no-netrc").toString()), local,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        session.connect(FtpUrl.parse("ftp://" + TestServer.USER + ":" + TestServer.PASSWORD + "@127.0.0.1:"
                + server.port() + "/"));
        return session;
    }

    @Test
    void opensAnFtpsUrlWithThePinGivenAtLaunch() throws Exception {
        try (TestServer server = TestServer.start(b -> b.tls(TlsMode.AUTO).tlsDir(local.resolve("tls"))
                .tlsRequired(TlsRequirement.ALL))) {
            FileTrees.write(server.root().resolve("docs/readme.md"), "read me".getBytes());
            String pin = server.server().tlsFingerprint().orElseThrow();
            try (ShellSession session = new ShellSession(ShellVerbs.ALL, ShellSessionTest.options("--netrc-file",
                    local.resolve("no-netrc").toString(), "--pin", pin), local,
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8))) {
                session.connect(FtpUrl.parse("ftpes://" + TestServer.USER + ":" + TestServer.PASSWORD
                        + "@127.0.0.1:" + server.port() + "/docs"));
                session.execute("get readme.md");
                assertEquals(ExitCode.OK, session.lastFailure(), err.toString(StandardCharsets.UTF_8));
                assertEquals("read me", Files.readString(local.resolve("readme.md")));
                assertTrue(err.toString(StandardCharsets.UTF_8).contains("connected to ftpes://" + TestServer.USER
                        + "@127.0.0.1:" + server.port() + "/docs"), err.toString(StandardCharsets.UTF_8));
            }
        }
        FileTrees.assertNoOpenFilesUnder(local);
    }

    private static List<String> values(List<Suggestion> suggestions) {
        return suggestions.stream().map(Suggestion::value).toList();
    }

    @Test
    void completesRemoteNamesAndSeesChangesMadeInTheSession() throws Exception {
        try (TestServer server = TestServer.start()) {
            FileTrees.write(server.root().resolve("summer.txt"), new byte[10]);
            FileTrees.write(server.root().resolve("subdir/inner.bin"), new byte[10]);
            FileTrees.write(local.resolve("sunrise.txt"), new byte[10]);
            try (ShellSession session = session(server)) {
                session.execute("verbose on");
                out.reset();
                err.reset();
                assertEquals(List.of(new Suggestion("subdir/", false), new Suggestion("summer.txt", true)),
                        session.complete(List.of("get"), "su"));
                assertEquals(List.of("subdir/inner.bin"), values(session.complete(List.of("get"), "subdir/")));
                assertEquals("", out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8),
                        "completion prints nothing, even verbose");

                session.execute("put sunrise.txt");
                assertEquals(List.of("subdir/", "summer.txt", "sunrise.txt"), values(session.complete(List.of("get"), "su")));
                session.execute("mv summer.txt subdir/summer.txt");
                assertEquals(List.of("subdir/", "sunrise.txt"), values(session.complete(List.of("get"), "su")));
                assertEquals(List.of("subdir/inner.bin", "subdir/summer.txt"),
                        values(session.complete(List.of("get"), "subdir/")));
                session.execute("cd subdir");
                assertEquals("ferry:/subdir> ", session.prompt());
                assertEquals(List.of("inner.bin"), values(session.complete(List.of("rm"), "i")));
                assertEquals(ExitCode.OK, session.lastFailure(), err.toString(StandardCharsets.UTF_8));
            }
        }
        FileTrees.assertNoOpenFilesUnder(local);
    }

    @Test
    void aLostConnectionIsReportedAndOpenReconnectsToTheSameDirectory() throws Exception {
        try (TestServer server = TestServer.start(b -> b.idleTimeout(Duration.ofMillis(300)))) {
            FileTrees.write(server.root().resolve("docs/readme.md"), new byte[10]);
            try (ShellSession session = session(server)) {
                session.execute("cd docs");
                Thread.sleep(1_000); // the server closes the idle session
                err.reset();
                assertTrue(session.execute("pwd"));
                String said = err.toString(StandardCharsets.UTF_8);
                assertTrue(said.contains("is lost; 'open' reconnects"), said);
                assertEquals("ferry (not connected)> ", session.prompt());
                assertEquals(ExitCode.CONNECTION, session.lastFailure());

                out.reset();
                session.execute("open");
                assertEquals("ferry:/docs> ", session.prompt(), err.toString(StandardCharsets.UTF_8));
                session.execute("pwd");
                assertEquals("/docs\n", out.toString(StandardCharsets.UTF_8));
            }
        }
        FileTrees.assertNoOpenFilesUnder(local);
    }
}
