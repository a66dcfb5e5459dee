package dev.ferry.cli.client;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * One line on a terminal, redrawn in place at most ten times a second: name, percent, bar, bytes, rate and
 * ETA; closing it draws the final state with the time taken and ends the line. Safe to call from several
 * threads (the segments of one download).
 */
final class ProgressBar implements Progress {

    static final long REDRAW_NANOS = 100_000_000L;
    private static final int DEFAULT_WIDTH = 80;
    private static final int MAX_BAR = 30;
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB"};

    private final PrintStream err;
    private final String name;
    private final int width;
    private final LongSupplier nanoClock;
    private final TransferRate rate = new TransferRate();
    private final ReentrantLock lock = new ReentrantLock();
    private boolean begun;
    private long started;
    private long lastDrawn;
    private long transferred;
    private long total = -1;

    ProgressBar(PrintStream err, String name, int width, LongSupplier nanoClock) {
        this.err = err;
        this.name = name;
        this.width = width;
        this.nanoClock = nanoClock;
    }

    /** The terminal's width as the shell exports it in COLUMNS, else 80. */
    static int terminalWidth() {
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", ""));
            return columns >= 20 ? columns : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    @Override
    public void progress(long transferred, long total) {
        lock.lock(); // drawing is quick, and most calls return before it
        try {
            long now = nanoClock.getAsLong();
            this.transferred = transferred;
            this.total = total;
            if (!begun) {
                begun = true;
                started = now;
                rate.add(now, transferred);
                draw(now, false);
            } else if (now - lastDrawn >= REDRAW_NANOS) {
                rate.add(now, transferred);
                draw(now, false);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Draws the last state, with the time the transfer took, and ends the line; nothing if nothing moved. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!begun) {
                return;
            }
            long now = nanoClock.getAsLong();
            rate.add(now, transferred);
            draw(now, true);
            err.print('\n');
            err.flush();
            begun = false;
        } finally {
            lock.unlock();
        }
    }

    private void draw(long now, boolean finished) {
        lastDrawn = now;
        double bytesPerSecond = rate.bytesPerSecond();
        long seconds;
        if (finished) {
            seconds = Math.round((now - started) / 1e9);
        } else if (bytesPerSecond > 0 && total >= 0) {
            seconds = (long) Math.ceil(Math.max(0, total - transferred) / bytesPerSecond);
        } else {
            seconds = -1;
        }
        err.print("\r" + line(name, transferred, total, bytesPerSecond, seconds, finished, width));
        err.flush();
    }

    /**
     * The line for one state, always {@code width - 1} characters for a given name and width (the last column
     * is left free: writing there makes some terminals wrap). A narrower terminal loses the sizes, then the bar.
     *
     * @param seconds the ETA, or with {@code finished} the time taken; -1 when unknown
     */
    static String line(String name, long done, long total, double bytesPerSecond, long seconds, boolean finished,
                       int width) {
        String speed = pad(bytesPerSecond < 0 ? "--" : bytes(bytesPerSecond) + "/s", 10);
        String time = padRight(finished ? "in " + clock(seconds) : total < 0 ? "" : "ETA " + clock(seconds), 12);
        int room = width - 1;
        if (total < 0) {
            String rest = "  " + pad(bytes(done), 8) + "  " + speed + "  " + time;
            return fit(name, Math.max(8, room - rest.length())) + rest;
        }
        int percent = total == 0 ? 100 : (int) Math.min(100, Math.max(0, done * 100 / total));
        String percentText = pad(percent + "%", 4);
        String sizes = " " + pad(bytes(done), 8) + "/" + padRight(bytes(total), 8);
        for (String tail : new String[] {"]" + sizes + "  " + speed + "  " + time, "]  " + speed + "  " + time}) {
            int space = room - (1 + 4 + 2) - tail.length(); // for the name and the bar, around " 100% ["
            if (space >= 8 + 10) {
                int barWidth = Math.min(MAX_BAR, Math.max(10, space - name.length()));
                return fit(name, space - barWidth) + " " + percentText + " [" + bar(done, total, barWidth) + tail;
            }
        }
        String rest = " " + percentText + "  " + speed + "  " + time;
        return fit(name, Math.max(8, room - rest.length())) + rest;
    }

    static String bar(long done, long total, int width) {
        int filled = total <= 0 ? width : (int) Math.min(width, done * width / total);
        StringBuilder bar = new StringBuilder(width);
        bar.append("=".repeat(filled));
        if (filled < width) {
            bar.append('>').append(" ".repeat(width - filled - 1));
        }
        return bar.toString();
    }

    /** 512 B, 1.50 KiB, 12.3 MiB, 0.98 GiB: at most eight characters (from 1000 on, the next unit). */
    static String bytes(double n) {
        if (n < 1000) {
            return (long) n + " B";
        }
        int unit = -1;
        while (n >= 1000 && unit < UNITS.length - 1) {
            n /= 1024;
            unit++;
        }
        String format = n < 9.995 ? "%.2f %s" : n < 99.95 ? "%.1f %s" : "%.0f %s";
        return String.format(Locale.ROOT, format, n, UNITS[unit]);
    }

    /** 0:07, 12:34, 1:02:03; --:-- when unknown or beyond 99 hours. */
    static String clock(long seconds) {
        if (seconds < 0 || seconds >= 100 * 3600) {
            return "--:--";
        }
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
                : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    /** The name in exactly {@code width} characters: padded, or cut with "..." in the middle. */
    static String fit(String name, int width) {
        if (name.length() <= width) {
            return padRight(name, width);
        }
        int keep = width - 3;
        int head = (keep + 1) / 2;
        return name.substring(0, head) + "..." + name.substring(name.length() - (keep - head));
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }

    private static String padRight(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
