package dev.ferry.cli.client;

import dev.ferry.client.DataConnectionException;
import dev.ferry.client.FtpException;
import dev.ferry.client.FtpReplyException;
import dev.ferry.client.LoginFailedException;
import dev.ferry.client.UntrustedCertificateException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/** Turns a client command's failure into a message that says what failed and what to try, and an exit code. */
public final class Failures {

    private Failures() {
    }

    public static ExitCode report(Exception failure, PrintStream err) {
        ExitCode code = classify(failure);
        err.println("ferry: " + message(failure));
        hint(failure).ifPresent(h -> err.println("       " + h));
        return code;
    }

    public static ExitCode classify(Exception failure) {
        return switch (failure) {
            case CommandFailure e -> e.exitCode();
            case LoginFailedException e -> ExitCode.LOGIN;
            case FtpReplyException e when e.code() == 421 -> ExitCode.CONNECTION;
            case FtpReplyException e when e.command().startsWith("AUTH TLS") -> ExitCode.CONNECTION;
            case FtpReplyException e -> ExitCode.REMOTE_FILE;
            case DataConnectionException e -> ExitCode.DATA_CONNECTION;
            case UntrustedCertificateException e -> ExitCode.CERTIFICATE;
            case IllegalArgumentException e -> ExitCode.USAGE;
            case FileSystemException e -> ExitCode.LOCAL;
            case IOException e -> ExitCode.CONNECTION;
            default -> ExitCode.LOCAL;
        };
    }

    /** What failed, in a line. */
    public static String message(Exception failure) {
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

    /** What to try, when there is something to say. */
    public static Optional<String> hint(Exception failure) {
        String hint = switch (failure) {
            case CommandFailure e -> e.hint().orElse(null);
            case LoginFailedException e -> "check the user name and password (URL, --user, ~/.netrc or "
                    + ConnectionOptions.PASSWORD_VARIABLE + ")";
            case FtpReplyException e when e.code() == 421 -> "the server is closing connections (too many "
                    + "sessions, or shutting down); try again later";
            case FtpReplyException e when e.command().startsWith("AUTH TLS") -> "this server offers no FTPS; an "
                    + "ftp:// URL connects without TLS, fine only on a network you trust";
            case FtpReplyException e when e.command().startsWith("REST ") -> "the server cannot resume transfers; "
                    + "run again without --resume to transfer the whole file";
            case FtpReplyException e when e.code() == 552 -> "the server is out of space, or your quota is used up";
            case FtpReplyException e when e.code() == 553 -> "the server does not accept that file name";
            case FtpReplyException e when e.code() == 550 || e.code() == 450 -> pathHint(e.command());
            case FtpReplyException e when e.code() == 530 -> "this login may not do that; log in as another user "
                    + "(-u or the URL)";
            case FtpReplyException e when e.isTransient() -> "the server says this may work later; try again";
            case FtpReplyException e -> "run again with -v to see the whole conversation with the server";
            case DataConnectionException e -> dataHint(e);
            case UntrustedCertificateException e -> "if you know this certificate is the server's, trust it with "
                    + "--pin " + e.fingerprint() + "; or skip the check (not safe) with --insecure";
            case ConnectException e -> "is an FTP server running there, on that port?";
            case NoRouteToHostException e -> "the host is unreachable from here";
            case SocketTimeoutException e -> "a firewall may be dropping the connection; check the host and port";
            case NoSuchFileException e -> "check the local path";
            case AccessDeniedException e -> "check the local file's or folder's permissions";
            case FileSystemException e -> "check the local path and the free space";
            case IllegalArgumentException e -> "--help shows the arguments and options";
            case FtpException e when e.getMessage().startsWith("the TLS handshake on the control") -> "is it an FTPS "
                    + "server of that kind? ftps:// is implicit TLS (port 990), ftpes:// is AUTH TLS on the FTP port";
            case FtpException e when e.getMessage().contains("stalled") -> "the network or the server stopped "
                    + "moving data; try again (--resume continues a download), or allow longer with --data-timeout";
            default -> null;
        };
        return Optional.ofNullable(hint);
    }

    /** What to check when the server says a file is unavailable (550, or 450 for now). */
    private static String pathHint(String command) {
        String verb = command.split(" ", 2)[0];
        return switch (verb) {
            case "STOR", "APPE", "STOU", "MKD", "RNTO" -> "check that the folder exists ('ferry ls' lists it) and "
                    + "that this login may write there";
            default -> "check the path ('ferry ls' lists a folder); a URL's path starts in the login folder, "
                    + "ftp://host//path at the root";
        };
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
