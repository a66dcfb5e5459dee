package dev.ferry.cli.client;

import dev.ferry.client.FtpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry mkdir [-p] URL}: creates a remote folder. */
@Command(name = "mkdir", mixinStandardHelpOptions = true, defaultValueProvider = ClientDefaults.class,
        description = "Create a remote folder.")
final class MkdirCommand extends ClientCommand {

    @Parameters(paramLabel = "URL", description = FtpUrl.SYNTAX)
    String url;

    @Option(names = {"-p", "--parents"}, description = "Create missing parent folders too; an existing folder is fine.")
    boolean parents;

    @Override
    protected ExitCode run() throws Exception {
        FtpUrl target = FtpUrl.parse(url);
        String path = entryPath(target);
        try (FtpClient ftp = connect(target)) {
            if (parents) {
                ftp.makeDirectories(path);
            } else {
                ftp.makeDirectory(path);
            }
        }
        return ExitCode.OK;
    }
}
