package dev.ferry.cli.client.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShellWordsTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("ls", List.of("ls")),
                Arguments.of("  ls \t docs  ", List.of("ls", "docs")),
                Arguments.of("", List.of()),
                Arguments.of("   ", List.of()),
                Arguments.of("get \"my file.txt\"", List.of("get", "my file.txt")),
                Arguments.of("get 'my file.txt'", List.of("get", "my file.txt")),
                Arguments.of("get my\\ file.txt", List.of("get", "my file.txt")),
                Arguments.of("mv 'a b' \"c d\"", List.of("mv", "a b", "c d")),
                Arguments.of("get a\"b c\"d", List.of("get", "ab cd")),
                Arguments.of("get 'it'\\''s'", List.of("get", "it's")),
                Arguments.of("get \"say \\\"hi\\\"\"", List.of("get", "say \"hi\"")),
                Arguments.of("get \"C:\\dir\"", List.of("get", "C:\\dir")),
                Arguments.of("get 'a\\b'", List.of("get", "a\\b")),
                Arguments.of("get \\\\", List.of("get", "\\")),
                Arguments.of("rm ''", List.of("rm", "")),
                Arguments.of("get été.txt", List.of("get", "été.txt")));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void splitsLikeAPosixShell(String line, List<String> words) {
        assertEquals(words, ShellWords.split(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"get \"open", "get 'open", "get trailing\\", "get \"a\\\""})
    void refusesUnfinishedLines(String line) {
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split(line));
    }

    @Test
    void splitsUpToTheCursorForCompletion() {
        assertEquals(new ShellWords.Partial(List.of("get"), "su", 4, (char) 0),
                ShellWords.splitForCompletion("get su", 6));
        assertEquals(new ShellWords.Partial(List.of("get"), "", 4, (char) 0),
                ShellWords.splitForCompletion("get ", 4));
        assertEquals(new ShellWords.Partial(List.of(), "ge", 0, (char) 0), ShellWords.splitForCompletion("ge", 2));
        assertEquals(new ShellWords.Partial(List.of("get"), "my fi", 4, '"'),
                ShellWords.splitForCompletion("get \"my fi", 10));
        assertEquals(new ShellWords.Partial(List.of("put", "a b"), "dir/x", 9, '\''),
                ShellWords.splitForCompletion("put a\\ b 'dir/x", 15));
        assertEquals(new ShellWords.Partial(List.of("get"), "su", 4, (char) 0),
                ShellWords.splitForCompletion("get summer.txt local", 6), "only what is before the cursor counts");
    }

    static Stream<Arguments> quotedValues() {
        return Stream.of("plain.txt", "my file.txt", "it's", "say \"hi\"", "back\\slash", "tab\there", "a'b\"c d\\e")
                .flatMap(v -> Stream.of((char) 0, '\'', '"').map(q -> Arguments.of(v, q)));
    }

    @ParameterizedTest
    @MethodSource("quotedValues")
    void completedWordsReadBackAsTheValue(String value, char openQuote) {
        assertEquals(List.of("get", value), ShellWords.split("get " + ShellWords.quote(value, openQuote, true)));
    }

    @Test
    void anUnfinishedCompletionStaysInsideItsQuote() {
        assertEquals("\"my dir/", ShellWords.quote("my dir/", '"', false));
        assertEquals("'my dir/", ShellWords.quote("my dir/", '\'', false));
        assertEquals("my\\ dir/", ShellWords.quote("my dir/", (char) 0, false));
    }
}
