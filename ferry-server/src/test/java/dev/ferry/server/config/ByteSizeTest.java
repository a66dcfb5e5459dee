package dev.ferry.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

    @ParameterizedTest
    @CsvSource({"0, 0", "512, 512", "64K, 65536", "64k, 65536", "1M, 1048576", "1MiB, 1048576", "1MB/s, 1048576",
            "2G, 2147483648", "1T, 1099511627776", "' 10 M ', 10485760"})
    void readsCountsWithBinarySuffixes(String text, long bytes) {
        assertEquals(bytes, ByteSize.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1500, 1500", "1024, 1K", "1048576, 1M", "1572864, 1536K", "2147483648, 2G"})
    void writesTheShortestExactForm(long bytes, String text) {
        assertEquals(text, ByteSize.format(bytes));
        assertEquals(bytes, ByteSize.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "1.5M", "fast", "1X", "99999999999999999999", "9999999999T"})
    void refusesWhatIsNotAByteCount(String text) {
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(text));
    }
}
