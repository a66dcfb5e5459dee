package dev.ferry.cli.client;

import dev.ferry.client.DataConnectionException;
import dev.ferry.client.FtpReplyException;
import dev.ferry.client.LoginFailedException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Turns a client command's failure into a message that says what failed and what to try, and an exit code. */
final class Failures {

    private Failures() {
    }

    static ExitCode report(Exception failure, PrintStream err) {
        ExitCode code = classify(failure);
        err.println("ferry: " + message(failure));
        hint(failure).ifPresent(h -> err.println("       " + h));
        return code;
    }

    static ExitCode classify(Exception failure) {
        return switch (failure) {
            case LoginFailedException e -> ExitCode.LOGIN;
            case FtpReplyException e when e.code() == 421 -> ExitCode.CONNECTION;
            case FtpReplyException e -> ExitCode.REMOTE_FILE;
            case DataConnectionException e -> ExitCode.DATA_CONNECTION;
            case IllegalArgumentException e -> ExitCode.USAGE;
            case FileSystemException e -> ExitCode.LOCAL;
            case IOException e -> ExitCode.CONNECTION;
            default -> ExitCode.LOCAL;
        };
    }

    private static String message(Exception failure) {
        return switch (failure) {
            case LoginFailedException e -> "login failed: " + e.reply();
            case UnknownHostException e -> e.getMessage().startsWith("cannot") ? e.getMessage()
                    : "cannot resolve host name " + e.getMessage();
            case NoSuchFileException e -> "no such local file: " + e.getFile();
            case AccessDeniedException e -> "permission denied: " + e.getFile();
            case FileSystemException e -> e.getFile() + ": " + e.getReason();
            default -> failure.getMessage() == null ? failure.toString() : failure.getMessage();
        };
    }

    private static java.util.Optional<String> hint(Exception failure) {
        String hint = switch (failure) {
            case LoginFailedException e -> "check the user name and password (URL, --user, ~/.netrc or "
                    + ConnectionOptions.PASSWORD_VARIABLE + ")";
            case FtpReplyException e when e.code() == 421 -> "the server is closing connections (too many "
                    + "sessions, or shutting down); try again later";
            case DataConnectionException e -> dataHint(e);
            case ConnectException e -> "is an FTP server running there, on that port?";
            case NoRouteToHostException e -> "the host is unreachable from here";
            case SocketTimeoutException e -> "a firewall may be dropping the connection; check the host and port";
            default -> null;
        };
        return java.util.Optional.ofNullable(hint);
    }

    private static String dataHint(DataConnectionException e) {
        boolean passiveTried = e.failures().stream().anyMatch(f -> f.method().isPassive());
        boolean activeTried = e.failures().stream().anyMatch(f -> !f.method().isPassive());
        if (passiveTried && activeTried) {
            return "both directions failed: the server's passive ports are blocked on its side and connections "
                    + "to this client are blocked on this side; ask the server's admin to open its passive port "
                    + "range ('ferry doctor' shows where it breaks)";
        }
        return passiveTried ? "try --mode active, or ask the server's admin to open its passive port range"
                : "try --mode passive: a firewall or NAT in front of this client blocks incoming connections";
    }
}
