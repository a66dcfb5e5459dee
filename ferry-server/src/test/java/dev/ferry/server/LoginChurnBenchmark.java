package dev.ferry.server;

import java.time.Duration;
import java.util.Locale;

/**
 * Login churn: one user logging in again and again (connect, USER, PASS, QUIT) on loopback, with the
 * verified-password cache on and off. A benchmark, not a test: run it by hand (see the README's Tests section)
 * on a quiet machine; it prints logins per second for both and their ratio.
 */
public final class LoginChurnBenchmark {

    private LoginChurnBenchmark() {
    }

    public static void main(String[] args) {
        Duration run = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
        double off = loginsPerSecond(Duration.ZERO, run);
        double on = loginsPerSecond(Duration.ofMinutes(5), run);
        System.out.printf(Locale.ROOT, "login-cache-ttl 0:  %8.1f logins/s%n", off);
        System.out.printf(Locale.ROOT, "login-cache-ttl 5m: %8.1f logins/s%n", on);
        System.out.printf(Locale.ROOT, "ratio: %.1fx%n", on / off);
    }

    private static double loginsPerSecond(Duration cacheTtl, Duration run) {
        try (TestServer server = TestServer.start(b -> b.loginCacheTtl(cacheTtl))) {
            for (int i = 0; i < 5; i++) { // warm up the JIT (and, with the cache on, fill it)
                login(server);
            }
            long start = System.nanoTime();
            long end = start + run.toNanos();
            int logins = 0;
            while (System.nanoTime() < end) {
                login(server);
                logins++;
            }
            return logins / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void login(TestServer server) {
        try (RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(221, ftp.send("QUIT"));
        }
    }
}
