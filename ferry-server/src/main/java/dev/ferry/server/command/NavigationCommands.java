package dev.ferry.server.command;

import dev.ferry.protocol.Reply;
import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import dev.ferry.server.fs.VirtualFileSystem;
import dev.ferry.server.session.Session;
import java.io.IOException;
import java.nio.file.Files;

/** The working folder: PWD, CWD, CDUP (and XPWD, XCWD, XCUP). */
final class NavigationCommands {

    private NavigationCommands() {
    }

    static Reply pwd(Session s, String argument) {
        return Reply.of(ReplyCode.PATH_CREATED, quote(s.cwd()) + " is the current directory");
    }

    static Reply cwd(Session s, String path) throws ReplyException, IOException {
        VirtualFileSystem.Resolved target = s.resolve(path);
        if (!Files.isDirectory(target.real())) {
            throw new ReplyException(ReplyCode.FILE_UNAVAILABLE, path + ": No such directory");
        }
        s.cwd(target.virtual());
        return Reply.of(ReplyCode.FILE_ACTION_OK, "Directory changed to " + target.virtual());
    }

    static Reply cdup(Session s, String argument) throws ReplyException, IOException {
        return cwd(s, "..");
    }

    /** RFC 959 Appendix II: a quote inside a path name is doubled. */
    static String quote(String virtualPath) {
        return "\"" + virtualPath.replace("\"", "\"\"") + "\"";
    }
}
