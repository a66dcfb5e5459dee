package dev.ferry.cli.client.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShellHistoryTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "open ftp://alice:secret@host/dir; open ftp://alice@host/dir",
            "open FTP://alice:p%40ss@host:2121/; open FTP://alice@host:2121/",
            "open ftp://alice@host/; open ftp://alice@host/",
            "open ftpes://alice:secret@host/; open ftpes://alice@host/",
            "open FTPS://alice:secret@host:990/; open FTPS://alice@host:990/",
            "open ftp://host/a:b@c; open ftp://host/a:b@c",
            "quote PASS hunter2; quote PASS ****",
            "raw pass hunter2; raw pass ****",
            "open ftp://host:2121/a@b; open ftp://host:2121/a@b",
            "get password.txt; get password.txt"})
    void keepsPasswordsOutOfTheHistory(String line, String kept) {
        assertEquals(kept, ShellHistory.redact(line));
    }

    @Test
    void historyFileFollowsXdgStateHome() {
        Path home = Path.of("/home/alice");
        assertEquals(Path.of("/home/alice/.ferry_history"), ShellHistory.defaultFile(Map.of(), home));
        assertEquals(Path.of("/state/ferry/history"),
                ShellHistory.defaultFile(Map.of("XDG_STATE_HOME", "/state"), home));
        assertEquals(Path.of("/home/alice/.ferry_history"),
                ShellHistory.defaultFile(Map.of("XDG_STATE_HOME", "relative/state"), home),
                "the spec says to ignore a relative path");
    }
}
