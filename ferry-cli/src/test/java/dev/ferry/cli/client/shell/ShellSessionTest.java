package dev.ferry.cli.client.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.cli.client.ConnectionOptions;
import dev.ferry.cli.client.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The session's pipeline without a server: what happens before any handler talks to one. */
class ShellSessionTest {

    @TempDir
    Path local;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private ShellSession session;

    /** Connection options as picocli fills them for {@code ferry shell}, defaults included. */
    static ConnectionOptions options(String... arguments) {
        CommandLine command = new CommandLine(new ShellCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        command.parseArgs(arguments);
        return (ConnectionOptions) command.getMixins().get("connection");
    }

    @BeforeEach
    void setUp() {
        session = new ShellSession(ShellVerbs.ALL, options("--netrc-file", "/nonexistent"), local,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void blankLinesDoNothing() {
        assertTrue(session.execute(""));
        assertTrue(session.execute("   "));
        assertEquals("", out() + err());
        assertEquals(ExitCode.OK, session.lastFailure());
    }

    @Test
    void unknownVerbIsReportedAndTheSessionGoesOn() {
        assertTrue(session.execute("frobnicate now"));
        assertEquals("ferry: unknown command 'frobnicate'; 'help' lists them\n", err());
        assertEquals(ExitCode.USAGE, session.lastFailure());
    }

    @Test
    void wrongArgumentCountShowsTheUsage() {
        assertTrue(session.execute("lpwd extra"));
        assertTrue(session.execute("verbose on off"));
        assertEquals("ferry: usage: lpwd\nferry: usage: verbose [on|off]\n", err());
    }

    @Test
    void unclosedQuoteIsAnError() {
        assertTrue(session.execute("lcd \"my dir"));
        assertTrue(err().startsWith("ferry: unclosed double quote"), err());
    }

    @Test
    void remoteVerbsNeedAConnection() {
        for (String line : List.of("ls", "get a.txt", "cd /", "close")) {
            err.reset();
            assertTrue(session.execute(line));
            assertEquals("ferry: not connected; 'open URL' connects\n", err(), line);
        }
        assertEquals(ExitCode.CONNECTION, session.lastFailure());
        assertEquals("ferry (not connected)> ", session.prompt());
    }

    @Test
    void openWithoutAUrlNeedsAnEarlierOne() {
        assertTrue(session.execute("open"));
        assertTrue(err().startsWith("ferry: no connection to reopen"), err());
    }

    @Test
    void byeAndItsAliasesEndTheSession() {
        for (String line : List.of("bye", "quit", "EXIT")) {
            assertFalse(session.execute(line), line);
        }
    }

    @Test
    void localDirectoryChangesWithLcd() throws Exception {
        Files.createDirectories(local.resolve("my photos"));
        assertTrue(session.execute("lcd my\\ photos"));
        assertTrue(session.execute("lpwd"));
        Path photos = local.resolve("my photos").toRealPath();
        assertEquals("local directory: " + photos + "\n" + photos + "\n", out());
        assertTrue(session.execute("lcd nowhere"));
        assertEquals("ferry: " + photos.resolve("nowhere") + ": no such local directory\n"
                + "       'lpwd' shows where you are\n", err());
        assertEquals(ExitCode.LOCAL, session.lastFailure());
    }

    @Test
    void modeAndVerboseAreSettingsThatStatusShows() {
        session.execute("passive");
        session.execute("verbose");
        session.execute("status");
        assertTrue(out().contains("data connections: passive (EPSV, then PASV)\n"), out());
        assertTrue(out().contains("verbose on: every command"), out());
        assertTrue(out().contains("server:           not connected\n"), out());
        assertTrue(out().contains("data mode:        passive (EPSV, then PASV)\n"), out());
        assertTrue(out().contains("local directory:  " + local.toAbsolutePath().normalize() + "\n"), out());
        assertTrue(out().contains("verbose:          on\n"), out());
        session.execute("verbose maybe");
        assertEquals("ferry: verbose takes on or off, not 'maybe'\n       'help' shows each verb's arguments\n", err());
    }

    @Test
    void helpListsEveryVerbAndExplainsOne() {
        session.execute("help");
        for (ShellVerb verb : ShellVerbs.ALL.all()) {
            assertTrue(out().contains("  " + verb.usage()), verb.name());
        }
        out.reset();
        session.execute("help quit");
        assertEquals("usage: bye\nalso:  quit, exit\nLog out and leave the shell (Ctrl-D too).\n", out());
    }

    @Test
    void completionWithoutAConnectionOffersNoRemoteNames() {
        assertEquals(List.of(), session.complete(List.of("get"), "su"));
        assertEquals(List.of(new ShellCompleter.Suggestion("get", true)), session.complete(List.of(), "ge"));
        assertEquals("", err());
    }
}
