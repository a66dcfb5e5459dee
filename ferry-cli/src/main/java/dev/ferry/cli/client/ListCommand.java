package dev.ferry.cli.client;

import dev.ferry.client.FtpClient;
import dev.ferry.client.RemoteFile;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry ls URL}: lists a remote directory. */
@Command(name = "ls", mixinStandardHelpOptions = true, defaultValueProvider = ClientDefaults.class,
        description = "List a remote directory: type, size, modification time (UTC) and name.")
public final class ListCommand extends ClientCommand {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.of("UTC"));

    @Parameters(paramLabel = "URL", description = FtpUrl.SYNTAX)
    String url;

    @Option(names = {"-1", "--names"}, description = "Only the names, one per line.")
    boolean namesOnly;

    @Override
    protected ExitCode run() throws Exception {
        FtpUrl target = FtpUrl.parse(url);
        List<RemoteFile> files;
        try (FtpClient ftp = connection.connect(target, err())) {
            files = ftp.list(target.path());
        }
        for (RemoteFile file : files.stream().sorted(Comparator.comparing(RemoteFile::name)).toList()) {
            out().println(namesOnly ? file.name() : format(file));
        }
        return ExitCode.OK;
    }

    public static String format(RemoteFile file) {
        String type = switch (file.type()) {
            case DIRECTORY -> "d";
            case SYMLINK -> "l";
            case FILE -> "-";
            case OTHER -> "?";
        };
        String size = file.size() < 0 ? "-" : Long.toString(file.size());
        String time = file.modified().map(TIME::format).orElse("-");
        return String.format("%s %12s %16s  %s%s", type, size, time, file.name(),
                file.linkTarget().map(t -> " -> " + t).orElse(""));
    }
}
