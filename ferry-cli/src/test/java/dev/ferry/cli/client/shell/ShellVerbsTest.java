package dev.ferry.cli.client.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.cli.client.shell.ShellVerb.Completion;
import dev.ferry.cli.client.shell.ShellVerb.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShellVerbsTest {

    @ParameterizedTest
    @ValueSource(strings = {"ls", "dir", "cd", "pwd", "lcd", "lpwd", "get", "put", "mget", "mput", "mkdir", "rm",
            "delete", "rmdir", "mv", "rename", "passive", "active", "auto", "status", "verbose", "help", "bye", "quit",
            "exit", "open", "close", "quote"})
    void hasTheVerbsFtpUsersKnow(String name) {
        assertTrue(ShellVerbs.ALL.find(name).isPresent(), name);
    }

    @Test
    void findsVerbsByAliasInAnyCase() {
        assertEquals("bye", ShellVerbs.ALL.find("QUIT").orElseThrow().name());
        assertEquals("mv", ShellVerbs.ALL.find("rename").orElseThrow().name());
        assertEquals("ls", ShellVerbs.ALL.find("Ls").orElseThrow().name());
        assertFalse(ShellVerbs.ALL.find("frobnicate").isPresent());
    }

    @ParameterizedTest
    @CsvSource({"pwd, 0, 0", "ls, 0, 1", "cd, 1, 1", "get, 1, 2", "mv, 2, 2", "mkdir, 1, 2",
            "mget, 1, 2147483647", "rm, 1, 2147483647", "verbose, 0, 1"})
    void theArgumentsTextIsTheArgumentCountRule(String name, int min, int max) {
        ShellVerb verb = ShellVerbs.ALL.find(name).orElseThrow();
        assertEquals(min, verb.minArguments(), name);
        assertEquals(max, verb.maxArguments(), name);
        assertFalse(verb.accepts(min - 1));
        assertTrue(verb.accepts(min));
    }

    @Test
    void eachArgumentCompletesToItsKind() {
        ShellVerb get = ShellVerbs.ALL.find("get").orElseThrow();
        assertEquals(Completion.REMOTE, get.completion(0));
        assertEquals(Completion.LOCAL, get.completion(1));
        assertEquals(Completion.NONE, get.completion(2));
        assertEquals(Completion.LOCAL, ShellVerbs.ALL.find("put").orElseThrow().completion(0));
        assertEquals(Completion.REMOTE_DIRECTORY, ShellVerbs.ALL.find("cd").orElseThrow().completion(0));
        assertEquals(Completion.REMOTE, ShellVerbs.ALL.find("mget").orElseThrow().completion(7), "repeats");
        assertEquals(Completion.NONE, ShellVerbs.ALL.find("pwd").orElseThrow().completion(0));
    }

    @Test
    void everyVerbHasHelpAndOnlyLocalVerbsWorkUnconnected() {
        for (ShellVerb verb : ShellVerbs.ALL.all()) {
            assertTrue(verb.help().endsWith("."), verb.name());
        }
        List<String> unconnected = ShellVerbs.ALL.all().stream().filter(v -> v.phase() == Phase.ANY)
                .map(ShellVerb::name).toList();
        assertEquals(List.of("lcd", "lpwd", "passive", "active", "auto", "status", "verbose", "open", "help", "bye"),
                unconnected);
    }

    @Test
    void refusesTwoVerbsWithOneName() {
        ShellVerb.Handler nothing = (session, arguments) -> { };
        assertThrows(IllegalArgumentException.class, () -> new ShellVerbs(List.of(
                new ShellVerb("get", List.of(), "", Phase.ANY, "A.", List.of(), nothing),
                new ShellVerb("fetch", List.of("get"), "", Phase.ANY, "B.", List.of(), nothing))));
    }
}
