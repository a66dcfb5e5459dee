package dev.ferry.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TransferRateTest {

    private static final long S = 1_000_000_000L;

    @Test
    void unknownUntilTimePasses() {
        TransferRate rate = new TransferRate();
        assertEquals(-1, rate.bytesPerSecond());
        rate.add(5 * S, 100);
        assertEquals(-1, rate.bytesPerSecond());
        rate.add(5 * S, 200);
        assertEquals(-1, rate.bytesPerSecond());
        rate.add(6 * S, 300);
        assertEquals(200, rate.bytesPerSecond(), 1e-9);
    }

    @Test
    void measuresOverTheLastFiveSeconds() {
        TransferRate rate = new TransferRate();
        for (int s = 0; s <= 20; s++) { // 100 B/s for 20 s
            rate.add(s * S, s * 100L);
        }
        assertEquals(100, rate.bytesPerSecond(), 1e-9);
        for (int s = 21; s <= 23; s++) { // then 1000 B/s for 3 s: 2 s of the old rate stay in the window
            rate.add(s * S, 2000 + (s - 20) * 1000L);
        }
        // the baseline is the last sample at least 5 s old (t=18): (2 s * 100 + 3 s * 1000) / 5 s
        assertEquals(640, rate.bytesPerSecond(), 1e-9);
    }
}
