package dev.ferry.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressBarTest {

    private static final long MS = 1_000_000L;
    private static final long MIB = 1024 * 1024;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0 B", "999|999 B", "1000|0.98 KiB", "1024|1.00 KiB", "1536|1.50 KiB", "10240|10.0 KiB",
        "1022976|999 KiB", "1048064|1.00 MiB", "1048576|1.00 MiB", "12896436|12.3 MiB", "5368709120|5.00 GiB",
        "1125899906842624|1.00 PiB"})
    void bytesAreShownInAtMostEightCharacters(long bytes, String shown) {
        assertEquals(shown, ProgressBar.bytes(bytes));
        assertTrue(shown.length() <= 8, shown);
    }

    @ParameterizedTest
    @CsvSource({"-1,--:--", "0,0:00", "7,0:07", "754,12:34", "3723,1:02:03", "359999,99:59:59", "360000,--:--"})
    void timesAreClockLike(long seconds, String shown) {
        assertEquals(shown, ProgressBar.clock(seconds));
    }

    @Test
    void theBarFillsWithAHead() {
        assertEquals(">         ", ProgressBar.bar(0, 100, 10));
        assertEquals("=====>    ", ProgressBar.bar(50, 100, 10));
        assertEquals("==========", ProgressBar.bar(100, 100, 10));
        assertEquals("==========", ProgressBar.bar(0, 0, 10), "an empty file is complete");
    }

    @Test
    void longNamesAreCutInTheMiddle() {
        assertEquals("short   ", ProgressBar.fit("short", 8));
        assertEquals("abc...xyz", ProgressBar.fit("abcdefghijklmnopqrstuvwxyz", 9));
    }

    @Test
    void aLineShowsNamePercentBarBytesRateAndEta() {
        String line = ProgressBar.line("file.iso", 45 * MIB / 10, 10 * MIB, 1.5 * MIB, 4, false, 80);
        assertEquals("file.iso  45% [========>          ] 4.50 MiB/10.0 MiB  1.50 MiB/s  ETA 0:04    ", line);
        assertEquals(79, line.length());
        assertEquals("file.iso  45% [=========>           ]  1.50 MiB/s  ETA 0:04    ",
                ProgressBar.line("file.iso", 45 * MIB / 10, 10 * MIB, 1.5 * MIB, 4, false, 64), "no sizes");
        String narrow = ProgressBar.line("file.iso", 45 * MIB / 10, 10 * MIB, 1.5 * MIB, 4, false, 50);
        assertEquals("file.iso            45%  1.50 MiB/s  ETA 0:04    ", narrow, "no bar, no sizes");
    }

    @Test
    void linesKeepTheirLengthWhateverTheNumbers() {
        for (int width = 50; width <= 140; width++) {
            for (String name : new String[] {"n", "a-rather-long-file-name-for-the-bar.tar.gz"}) {
                assertEquals(width - 1, ProgressBar.line(name, 0, 1, -1, -1, false, width).length());
                assertEquals(width - 1, ProgressBar.line(name, 1, 1, 123456789, 0, true, width).length());
                assertEquals(width - 1,
                        ProgressBar.line(name, 5 * MIB, 9 * MIB * 1024, 12, 359999, false, width).length());
                assertEquals(width - 1, ProgressBar.line(name, 5 * MIB, -1, 12, -1, false, width).length());
            }
        }
        String unknown = ProgressBar.line("stream", 3 * MIB, -1, 2 * MIB, -1, false, 80);
        assertEquals(79, unknown.length());
        assertTrue(unknown.startsWith("stream ") && unknown.contains("3.00 MiB") && unknown.contains("2.00 MiB/s")
                && !unknown.contains("%") && !unknown.contains("ETA"), unknown);
    }

    @Test
    void redrawsAtMostTenTimesASecondAndEndsWithTheTimeTaken() {
        AtomicLong now = new AtomicLong(1_000 * MS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(out, true, StandardCharsets.UTF_8), "f", 80, now::get);
        for (int i = 1; i <= 100; i++) { // 100 blocks over 2 s: every 20 ms
            now.addAndGet(20 * MS);
            bar.progress(i * MIB / 10, 10 * MIB);
        }
        bar.close();
        String drawn = out.toString(StandardCharsets.UTF_8);
        long redraws = drawn.chars().filter(c -> c == '\r').count();
        assertTrue(redraws >= 20 && redraws <= 22, redraws + " redraws in 2 s");
        assertTrue(drawn.endsWith("\n"), drawn);
        String last = drawn.substring(drawn.lastIndexOf('\r') + 1);
        assertTrue(last.contains("100% [") && last.contains("10.0 MiB/10.0 MiB") && last.contains("5.00 MiB/s")
                && last.contains("in 0:02"), last);
    }

    @Test
    void theEtaFollowsTheRecentRate() {
        AtomicLong now = new AtomicLong();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(out, true, StandardCharsets.UTF_8), "f", 80, now::get);
        long done = 0;
        for (int s = 0; s < 10; s++) { // 10 s at 1 MiB/s
            for (int tick = 0; tick < 10; tick++) {
                now.addAndGet(100 * MS);
                done += MIB / 10;
                bar.progress(done, 100 * MIB);
            }
        }
        String drawn = out.toString(StandardCharsets.UTF_8);
        String last = drawn.substring(drawn.lastIndexOf('\r') + 1);
        // about 90 MiB left at 1 MiB/s
        assertTrue(last.contains("1.00 MiB/s") && last.contains("ETA 1:3"), last);
        for (int s = 0; s < 10; s++) { // then 10 s at 4 MiB/s: the window forgets the slow start
            for (int tick = 0; tick < 10; tick++) {
                now.addAndGet(100 * MS);
                done += 4 * MIB / 10;
                bar.progress(done, 100 * MIB);
            }
        }
        drawn = out.toString(StandardCharsets.UTF_8);
        last = drawn.substring(drawn.lastIndexOf('\r') + 1);
        assertTrue(last.contains("4.00 MiB/s") && last.contains("ETA 0:13"), last); // 50 MiB left
    }

    @Test
    void closingWithoutProgressPrintsNothing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ProgressBar(new PrintStream(out, true, StandardCharsets.UTF_8), "f", 80, System::nanoTime).close();
        assertEquals(0, out.size());
    }
}
