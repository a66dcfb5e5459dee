package dev.ferry.cli.client;

import dev.ferry.client.FtpClient;
import dev.ferry.client.FtpReplyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ferry rmdir URL}: removes an empty remote folder. */
@Command(name = "rmdir", mixinStandardHelpOptions = true, defaultValueProvider = ClientDefaults.class,
        description = "Remove an empty remote folder.")
final class RmdirCommand extends ClientCommand {

    @Parameters(paramLabel = "URL", description = FtpUrl.SYNTAX)
    String url;

    @Override
    protected ExitCode run() throws Exception {
        FtpUrl target = FtpUrl.parse(url);
        String path = entryPath(target);
        try (FtpClient ftp = connect(target)) {
            ftp.removeDirectory(path);
        } catch (FtpReplyException e) {
            if (e.code() == 550) {
                afterFailure("if the folder is not empty, 'ferry rm -r " + target + "' removes it with "
                        + "everything in it");
            }
            throw e;
        }
        return ExitCode.OK;
    }
}
