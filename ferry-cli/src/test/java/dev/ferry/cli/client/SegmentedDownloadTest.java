package dev.ferry.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.cli.client.SegmentedDownload.Range;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SegmentedDownloadTest {

    private static final long MIB = SegmentedDownload.MIN_SEGMENT;

    @ParameterizedTest
    @CsvSource({"0,4,1", "1000,4,1", "1048575,4,1", "2097152,4,2", "4194427,4,4", "104857600,4,4", "104857600,1,1",
            "3145728,8,3"})
    void partsAreAtLeastTheMinimumSize(long bytes, int wanted, int parts) {
        assertEquals(parts, SegmentedDownload.count(bytes, wanted));
    }

    @Test
    void rangesCoverEveryByteOnceAndDifferByOneAtMost() {
        assertEquals(List.of(new Range(0, 3), new Range(3, 6), new Range(6, 8), new Range(8, 10)),
                SegmentedDownload.split(0, 10, 4));
        assertEquals(List.of(new Range(100, 150), new Range(150, 200)), SegmentedDownload.split(100, 200, 2));
        List<Range> ranges = SegmentedDownload.split(7, 4 * MIB + 123, 4);
        assertEquals(7, ranges.getFirst().start());
        assertEquals(4 * MIB + 123, ranges.getLast().end());
        for (int i = 1; i < ranges.size(); i++) {
            assertEquals(ranges.get(i - 1).end(), ranges.get(i).start());
        }
    }

    @Test
    void theContiguousPrefixEndsAtTheFirstGap() {
        List<Range> ranges = SegmentedDownload.split(0, 400, 4); // 0-100, 100-200, 200-300, 300-400
        assertEquals(40, SegmentedDownload.contiguous(ranges, new long[] {40, 100, 100, 100}));
        assertEquals(150, SegmentedDownload.contiguous(ranges, new long[] {100, 50, 100, 0}));
        assertEquals(400, SegmentedDownload.contiguous(ranges, new long[] {100, 100, 100, 100}));
        assertEquals(0, SegmentedDownload.contiguous(ranges, new long[] {0, 100, 100, 100}));
        assertEquals(1000, SegmentedDownload.contiguous(SegmentedDownload.split(1000, 1400, 2), new long[] {0, 0}),
                "a resumed download keeps what it had");
    }
}
