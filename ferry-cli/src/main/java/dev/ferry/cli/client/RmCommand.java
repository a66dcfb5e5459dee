package dev.ferry.cli.client;

import dev.ferry.client.FtpClient;
import dev.ferry.client.FtpReplyException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry rm [-r] URL...}: removes remote files, and with -r folders and all they hold. */
@Command(name = "rm", mixinStandardHelpOptions = true, defaultValueProvider = ClientDefaults.class,
        description = "Remove remote files; with -r, folders and everything in them. All URLs name one server.")
final class RmCommand extends ClientCommand {

    @Parameters(arity = "1..*", paramLabel = "URL", description = FtpUrl.SYNTAX)
    List<String> urls;

    @Option(names = {"-r", "--recursive"}, description = "Remove folders too, with everything in them.")
    boolean recursive;

    @Override
    protected ExitCode run() throws Exception {
        List<FtpUrl> targets = new ArrayList<>();
        for (String text : urls) {
            targets.add(FtpUrl.parse(text));
        }
        FtpUrl first = targets.getFirst();
        for (FtpUrl target : targets) {
            entryPath(target);
            if (!target.host().equals(first.host()) || target.port() != first.port()
                    || !target.user().equals(first.user())) {
                throw new CommandFailure(ExitCode.USAGE, target + " is on another server than " + first,
                        "run ferry rm once for each server");
            }
        }
        ExitCode result = ExitCode.OK;
        try (FtpClient ftp = connect(first)) {
            for (FtpUrl target : targets) {
                try {
                    remove(ftp, target);
                } catch (FtpReplyException | CommandFailure e) {
                    if (targets.size() == 1 || e instanceof FtpReplyException r && r.code() == 421) {
                        throw e;
                    }
                    ExitCode code = Failures.report(e, err()); // the others may still go
                    result = result == ExitCode.OK ? code : result;
                }
            }
        }
        return result;
    }

    private void remove(FtpClient ftp, FtpUrl target) throws Exception {
        String path = entryPath(target);
        try {
            ftp.delete(path);
        } catch (FtpReplyException e) {
            if (e.code() != 550 || !isFolder(ftp, path)) {
                throw e;
            }
            if (!recursive) {
                throw new CommandFailure(ExitCode.REMOTE_FILE, target + " is a folder",
                        "'ferry rm -r' removes it with everything in it; 'ferry rmdir' removes it when empty");
            }
            ftp.removeTree(path);
        }
    }
}
