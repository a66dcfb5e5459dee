package dev.ferry.cli.client.shell;

import java.nio.file.Path;

/** Local paths as typed in the shell: against the shell's local directory, {@code ~} meaning the home directory. */
final class LocalPaths {

    private LocalPaths() {
    }

    static Path resolve(Path base, String typed) {
        if (typed.equals("~") || typed.startsWith("~/")) {
            Path home = Path.of(System.getProperty("user.home"));
            return typed.length() <= 2 ? home : home.resolve(typed.substring(2)).normalize();
        }
        return base.resolve(typed).normalize();
    }
}
