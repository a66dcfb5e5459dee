package dev.ferry.server.command;

import dev.ferry.protocol.FileFacts;
import dev.ferry.protocol.ListingFormat;
import dev.ferry.protocol.Reply;
import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import dev.ferry.server.fs.VirtualFileSystem.Resolved;
import dev.ferry.server.session.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Listings: LIST and NLST over the data connection, MLSD and MLST (RFC 3659), STAT. */
final class ListingCommands {

    private ListingCommands() {
    }

    /** The argument of LIST or NLST, with {@code ls}-style options such as {@code -la} taken off. */
    private record ListArgument(String path, boolean all) {
        static ListArgument parse(String argument) {
            String rest = argument.strip();
            boolean all = false;
            while (rest.startsWith("-")) {
                int space = rest.indexOf(' ');
                String options = space < 0 ? rest : rest.substring(0, space);
                all |= options.contains("a") || options.contains("A");
                rest = space < 0 ? "" : rest.substring(space + 1).strip();
            }
            return new ListArgument(rest.isEmpty() ? "." : rest, all);
        }
    }

    static Reply list(Session s, String argument) throws ReplyException, IOException {
        ListArgument arg = ListArgument.parse(argument);
        Instant now = Instant.now();
        List<String> lines = entries(s, arg).stream().map(f -> ListingFormat.unixLine(f, now)).toList();
        return send(s, "file list", lines);
    }

    static Reply nlst(Session s, String argument) throws ReplyException, IOException {
        ListArgument arg = ListArgument.parse(argument);
        List<String> lines = entries(s, arg).stream().map(FileFacts::name).toList();
        return send(s, "name list", lines);
    }

    static Reply mlsd(Session s, String argument) throws ReplyException, IOException {
        Resolved dir = s.resolve(argument.isEmpty() ? "." : argument);
        if (!Files.isDirectory(dir.real())) {
            throw new ReplyException(ReplyCode.FILE_UNAVAILABLE, argument + ": Not a directory");
        }
        List<String> lines = new ArrayList<>();
        for (FileFacts f : s.files().list(dir.real(), true)) {
            lines.add(ListingFormat.mlsxLine(f, s.mlstFacts()));
        }
        return send(s, "MLSD", lines);
    }

    /** RFC 3659 §7.2: the facts of one path, on the control connection; the entry line starts with a space. */
    static Reply mlst(Session s, String argument) throws ReplyException, IOException {
        Resolved path = s.resolve(argument.isEmpty() ? "." : argument);
        FileFacts facts = s.files().facts(path.real(), path.virtual());
        return Reply.of(ReplyCode.FILE_ACTION_OK, List.of("Listing " + path.virtual(),
                " " + ListingFormat.mlsxLine(facts, s.mlstFacts()), "End"));
    }

    /** Without argument the session's status (211); with one, a listing over the control connection (213). */
    static Reply stat(Session s, String argument) throws ReplyException, IOException {
        if (argument.isEmpty()) {
            return Reply.of(ReplyCode.SYSTEM_STATUS, s.statusLines());
        }
        ListArgument arg = ListArgument.parse(argument);
        Instant now = Instant.now();
        List<String> lines = new ArrayList<>();
        lines.add("Status of " + arg.path() + ":");
        entries(s, arg).forEach(f -> lines.add(ListingFormat.unixLine(f, now)));
        lines.add("End of status");
        return Reply.of(ReplyCode.FILE_STATUS, lines);
    }

    private static List<FileFacts> entries(Session s, ListArgument arg) throws ReplyException, IOException {
        Resolved path = s.resolve(arg.path());
        if (Files.isDirectory(path.real())) {
            return s.files().list(path.real(), arg.all());
        }
        if (!Files.exists(path.real())) {
            throw new ReplyException(ReplyCode.FILE_UNAVAILABLE, arg.path() + ": No such file or directory");
        }
        return List.of(s.files().facts(path.real(), arg.path()));
    }

    private static Reply send(Session s, String what, List<String> lines) throws ReplyException, IOException {
        s.takeRestartOffset();
        s.transfer(what, c -> c.sendLines(lines));
        return Reply.of(ReplyCode.CLOSING_DATA, "Transfer complete, " + lines.size() + " entries");
    }
}
