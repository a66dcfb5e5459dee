package dev.ferry.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamsTest {

    @ParameterizedTest
    @CsvSource({"/dev/pts/3,true", "/dev/tty1,true", "/dev/console,true", "/dev/null,false",
            "pipe:[123456],false", "/tmp/err.log,false", "socket:[99],false"})
    void onlyTerminalDevicesCount(String target, boolean terminal) {
        assertEquals(terminal, Streams.isTerminalDevice(target));
    }
}
