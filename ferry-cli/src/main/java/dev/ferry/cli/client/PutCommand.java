package dev.ferry.cli.client;

import dev.ferry.client.FtpClient;
import dev.ferry.client.FtpReplyException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry put FILE... URL}: uploads files. */
@Command(name = "put", mixinStandardHelpOptions = true, defaultValueProvider = ClientDefaults.class,
        description = {"Upload files.",
                "Several files go into the folder URL names; a single file goes into it when URL ends with / or "
                        + "names an existing folder, else it is stored under URL's name."})
final class PutCommand extends ClientCommand {

    @Parameters(arity = "2..*", paramLabel = "FILE... URL",
            description = "Local files, then the URL: " + FtpUrl.SYNTAX)
    List<String> arguments;

    @Option(names = "--resume", description = "Send only what the remote file lacks (an upload that stopped part-way).")
    boolean resume;

    @Option(names = "--append", description = "Add the files' bytes to the end of the remote files (APPE).")
    boolean append;

    @Override
    protected ExitCode run() throws Exception {
        if (resume && append) {
            throw new IllegalArgumentException("give --resume or --append, not both");
        }
        FtpUrl target = FtpUrl.parse(arguments.getLast());
        List<Path> files = new ArrayList<>();
        for (String name : arguments.subList(0, arguments.size() - 1)) {
            files.add(localFile(name));
        }
        try (FtpClient ftp = connect(target)) {
            boolean intoFolder = target.isDirectory() || isFolder(ftp, target.path());
            if (files.size() > 1 && !intoFolder) {
                throw new CommandFailure(ExitCode.REMOTE_FILE, target + " is not a folder on the server, and "
                        + files.size() + " files need one", "'ferry mkdir -p " + target + "' creates it");
            }
            ExitCode result = ExitCode.OK;
            int failed = 0;
            for (Path file : files) {
                String remote = intoFolder ? FtpClient.child(target.path(), file.getFileName().toString())
                        : target.path();
                try {
                    send(ftp, file, remote);
                } catch (FtpReplyException | FileSystemException e) {
                    if (files.size() == 1 || e instanceof FtpReplyException r && r.code() == 421) {
                        throw e;
                    }
                    // this file's trouble: the others may still go
                    ExitCode code = Failures.report(e, err());
                    result = result == ExitCode.OK ? code : result;
                    failed++;
                }
            }
            if (failed > 0) {
                err().println("ferry: " + failed + " of " + files.size() + " files were not uploaded");
            }
            return result;
        }
    }

    private void send(FtpClient ftp, Path file, String remote) throws IOException {
        try (Progress progress = progress(file.getFileName().toString())) {
            if (resume) {
                ftp.resumeUpload(file, remote, progress);
            } else if (append) {
                ftp.append(file, remote, progress);
            } else {
                ftp.upload(file, remote, progress);
            }
        }
    }

    /** Checked before connecting, so a typo fails at once. */
    private static Path localFile(String name) throws NoSuchFileException, CommandFailure {
        Path file = Path.of(name);
        if (Files.isDirectory(file)) {
            throw new CommandFailure(ExitCode.LOCAL, file + " is a folder; ferry put sends files",
                    "name the files in it");
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(name);
        }
        return file;
    }
}
