package dev.ferry.cli.client.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShellGlobTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "*.txt; a.txt; true",
            "*.txt; a.txt.gz; false",
            "*.txt; .hidden.txt; false",
            ".*; .hidden.txt; true",
            "*; anything at all; true",
            "?.txt; a.txt; true",
            "?.txt; ab.txt; false",
            "file[0-9].log; file7.log; true",
            "file[0-9].log; fileX.log; false",
            "file[!0-9].log; fileX.log; true",
            "file[!0-9].log; file7.log; false",
            "[ab]*; beta; true",
            "[ab]*; gamma; false",
            "a+b(1).txt; a+b(1).txt; true",
            "a+b(1).txt; aab(1).txt; false",
            "[&&x]; &; true",
            "half[open; half[open; true",
            "*; sub/dir; false"})
    void matchesOneNameLikeSh(String pattern, String name, boolean matches) {
        assertEquals(matches, ShellGlob.of(pattern).matches(name), pattern + " vs " + name);
    }

    @Test
    void tellsPatternsFromNames() {
        assertEquals(true, ShellGlob.isPattern("*.txt"));
        assertEquals(true, ShellGlob.isPattern("a?"));
        assertEquals(true, ShellGlob.isPattern("[ab]"));
        assertEquals(false, ShellGlob.isPattern("summer.txt"));
    }
}
