package dev.ferry.cli.client;

import dev.ferry.client.FtpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ferry mv URL NEWPATH}: renames or moves a remote file or folder on its server. */
@Command(name = "mv", mixinStandardHelpOptions = true, defaultValueProvider = ClientDefaults.class,
        description = {"Rename or move a remote file or folder, on the same server.",
                "NEWPATH is a path on the server, relative to the login folder as URL paths are (/path is from "
                        + "the root), or a URL on the same server. When it ends with / or names an "
                        + "existing folder, the entry moves into it."})
final class MvCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "URL", description = FtpUrl.SYNTAX)
    String url;

    @Parameters(index = "1", paramLabel = "NEWPATH", description = "The new path, or a URL on the same server.")
    String newPath;

    @Override
    protected ExitCode run() throws Exception {
        FtpUrl source = FtpUrl.parse(url);
        String from = entryPath(source);
        String to = newPath;
        if (newPath.contains("://")) {
            FtpUrl destination = FtpUrl.parse(newPath);
            if (!destination.host().equals(source.host()) || destination.port() != source.port()) {
                throw new CommandFailure(ExitCode.USAGE, destination + " is on another server than " + source,
                        "ferry mv renames on one server; copy with ferry get and ferry put instead");
            }
            to = destination.path();
        }
        if (to.isEmpty()) {
            throw new IllegalArgumentException("NEWPATH is empty");
        }
        try (FtpClient ftp = connect(source)) {
            if (to.endsWith("/") || isFolder(ftp, to)) {
                to = FtpClient.child(to, from.substring(from.lastIndexOf('/') + 1));
            }
            ftp.rename(from, to);
        }
        return ExitCode.OK;
    }
}
