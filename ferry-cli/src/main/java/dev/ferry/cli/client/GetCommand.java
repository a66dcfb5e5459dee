package dev.ferry.cli.client;

import dev.ferry.client.FtpClient;
import dev.ferry.client.FtpReplyException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry get URL [DEST]}: downloads one file. */
@Command(name = "get", mixinStandardHelpOptions = true, defaultValueProvider = ClientDefaults.class,
        description = {"Download a file.",
                "DEST is a file, an existing folder, or - for standard output (default: the current folder). "
                        + "The file is written under a hidden .NAME.part name and renamed when complete; "
                        + "after a failure, --resume continues from there."})
final class GetCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "URL", description = FtpUrl.SYNTAX)
    String url;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DEST", description = "Local file or folder, or -.")
    String destination;

    @Option(names = {"-o", "--output"}, paramLabel = "DEST", description = "The same as the DEST argument.")
    String output;

    @Option(names = "--resume", description = "Continue a download that stopped part-way.")
    boolean resume;

    @Option(names = "--segments", paramLabel = "N", defaultValue = "1",
            description = "Download in N parts at once over N sessions (REST), for links where one stream is "
                    + "slow; files under 1 MiB a part, and servers without REST, use one stream.")
    int segments;

    @Override
    protected ExitCode run() throws Exception {
        FtpUrl source = FtpUrl.parse(url);
        if (source.isDirectory()) {
            throw namesAFolder(source);
        }
        String dest = destination();
        if (segments < 1) {
            throw new IllegalArgumentException("--segments must be 1 or more, not " + segments);
        }
        if (dest.equals("-")) {
            if (resume || segments > 1) {
                throw new IllegalArgumentException((resume ? "--resume" : "--segments")
                        + " needs a local file to write into, not standard output");
            }
            try (FtpClient ftp = connect(source)) {
                download(ftp, source, () -> ftp.download(source.path(), standardOutput()));
            }
            return ExitCode.OK;
        }
        Path target = localTarget(dest, source.fileName());
        try (FtpClient ftp = connect(source); Progress progress = progress(source.fileName())) {
            download(ftp, source, () -> {
                if (segments > 1) {
                    new SegmentedDownload(ftp, source.path(), target, progress, this::notice)
                            .run(segments, resume, n -> connection.connect(source, err(), "[" + n + "]"));
                } else if (resume) {
                    ftp.resumeDownload(source.path(), target, progress);
                } else {
                    ftp.download(source.path(), target, progress);
                }
            });
        } catch (IOException | CommandFailure e) {
            keptPart(target);
            throw e;
        }
        return ExitCode.OK;
    }

    @FunctionalInterface
    private interface Transfer {
        void run() throws IOException, CommandFailure;
    }

    /** Runs the transfer; a refused RETR of what turns out to be a folder is said so. */
    private static void download(FtpClient ftp, FtpUrl source, Transfer transfer) throws IOException, CommandFailure {
        try {
            transfer.run();
        } catch (FtpReplyException e) {
            boolean fetching = e.command().startsWith("RETR ") || e.command().startsWith("SIZE ");
            if (fetching && e.code() == 550 && isFolder(ftp, source.path())) {
                throw namesAFolder(source);
            }
            throw e;
        }
    }

    /**
     * Standard output for a file's bytes. A PrintStream keeps its errors to itself; this one throws at the
     * first, so a closed pipe ({@code ferry get URL - | head}) ends the transfer instead of draining it.
     */
    private OutputStream standardOutput() {
        PrintStream out = out();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
                if (out.checkError()) { // which also flushes
                    throw new FileSystemException("standard output", null, "closed by its reader");
                }
            }
        };
    }

    private static CommandFailure namesAFolder(FtpUrl source) {
        return new CommandFailure(ExitCode.USAGE, source + " is a folder; ferry get downloads one file",
                "'ferry ls " + source + "' shows the files in it");
    }

    private String destination() {
        if (destination != null && output != null) {
            throw new IllegalArgumentException("give DEST or -o, not both");
        }
        return destination != null ? destination : output != null ? output : ".";
    }

    /** DEST as a file: inside it when it is a folder; its folder must exist. */
    private static Path localTarget(String dest, String fileName) throws CommandFailure {
        Path path = Path.of(dest);
        if (Files.isDirectory(path)) {
            return path.resolve(fileName);
        }
        if (dest.endsWith("/") || dest.endsWith(java.io.File.separator)) {
            throw new CommandFailure(ExitCode.LOCAL, "no such local folder: " + path, "create it first");
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new CommandFailure(ExitCode.LOCAL, "no such local folder: " + parent,
                    "create it first, or give another DEST");
        }
        return path;
    }

    /** After a failure: says where the bytes fetched so far are, if any, and how to continue. */
    private void keptPart(Path target) {
        Path part = FtpClient.partFile(target);
        try {
            if (Files.isRegularFile(part) && Files.size(part) > 0) {
                afterFailure("the " + Files.size(part) + " bytes fetched so far are kept in " + part
                        + "; 'ferry get --resume' continues from there");
            }
        } catch (IOException e) {
            // nothing to tell, then
        }
    }
}
