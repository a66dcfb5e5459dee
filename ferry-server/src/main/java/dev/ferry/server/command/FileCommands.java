package dev.ferry.server.command;

import dev.ferry.protocol.FtpTime;
import dev.ferry.protocol.Reply;
import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import dev.ferry.server.fs.Uploads;
import dev.ferry.server.fs.VirtualFileSystem.Resolved;
import dev.ferry.server.session.Session;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.EnumSet;

/** Files and folders: MKD, RMD, DELE, RNFR, RNTO, SIZE, MDTM, MFMT, SITE CHMOD. */
final class FileCommands {

    private FileCommands() {
    }

    static Reply mkd(Session s, String path) throws ReplyException, IOException {
        Resolved dir = s.resolve(path);
        s.quota().beforeCreate(); // a folder counts as a file: quota-files bounds the entries, as inodes
        Files.createDirectory(dir.real());
        s.quota().changed(0, 1);
        s.log().info("MKD " + dir.virtual());
        return Reply.of(ReplyCode.PATH_CREATED, NavigationCommands.quote(dir.virtual()) + " created");
    }

    static Reply rmd(Session s, String path) throws ReplyException, IOException {
        Resolved dir = s.resolve(path);
        if (dir.virtual().equals("/")) {
            throw new ReplyException(ReplyCode.FILE_UNAVAILABLE, "The root folder cannot be removed");
        }
        if (!Files.isDirectory(dir.real(), LinkOption.NOFOLLOW_LINKS)) {
            throw new ReplyException(ReplyCode.FILE_UNAVAILABLE, path + ": Not a directory");
        }
        try {
            Files.delete(dir.real());
        } catch (DirectoryNotEmptyException e) {
            if (!Uploads.removeAbandonedIn(dir.real())) {
                throw e;
            }
            Files.delete(dir.real()); // it held only partial uploads, which go with it
        }
        s.quota().changed(0, -1);
        s.log().info("RMD " + dir.virtual());
        return Reply.of(ReplyCode.FILE_ACTION_OK, "Directory removed");
    }

    static Reply dele(Session s, String path) throws ReplyException, IOException {
        Resolved file = s.resolve(path);
        if (Files.isDirectory(file.real(), LinkOption.NOFOLLOW_LINKS)) {
            throw new ReplyException(ReplyCode.FILE_UNAVAILABLE, path + ": Is a directory; use RMD");
        }
        // The claim makes DELE and an upload of the same file take turns: the loser gets 450.
        try (Uploads.Claim claim = Uploads.claim(file.real(), file.virtual())) {
            // A partial upload goes with its file: DELE is the one way to give up an upload for good.
            boolean partial = Files.deleteIfExists(Uploads.temporaryFor(file.real()));
            boolean whole = !partial || Files.exists(file.real(), LinkOption.NOFOLLOW_LINKS);
            if (whole) {
                long size = s.quota().sizeOf(file.real());
                Files.delete(file.real());
                s.quota().changed(-size, -1);
            }
            s.log().info("DELE " + file.virtual() + (partial ? " (and its partial upload)" : ""));
            return Reply.of(ReplyCode.FILE_ACTION_OK, whole ? "File deleted" : "Partial upload deleted");
        }
    }

    static Reply rnfr(Session s, String path) throws ReplyException, IOException {
        Resolved from = s.resolve(path);
        if (from.virtual().equals("/") || !Files.exists(from.real(), LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(path);
        }
        Uploads.requireNotUploading(from.real(), from.virtual());
        s.renameFrom(Optional.of(from));
        return Reply.of(ReplyCode.PENDING_FURTHER_INFO, "Ready for RNTO");
    }

    static Reply rnto(Session s, String path) throws ReplyException, IOException {
        Resolved from = s.renameFrom().orElseThrow();
        s.renameFrom(Optional.empty());
        Resolved to = s.resolve(path);
        if (to.virtual().equals("/") || to.virtual().startsWith(from.virtual() + "/")) {
            throw new ReplyException(ReplyCode.BAD_FILE_NAME, "Cannot move a folder into itself");
        }
        // Neither end may be a file that is being uploaded; the claims hold both for the move.
        try (Uploads.Claim source = Uploads.claim(from.real(), from.virtual());
             Uploads.Claim destination = sameFile(from, to) ? null : Uploads.claim(to.real(), to.virtual())) {
            try {
                Files.move(from.real(), to.real(), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from.real(), to.real());
            }
        }
        s.log().info("RENAME " + from.virtual() + " -> " + to.virtual());
        return Reply.of(ReplyCode.FILE_ACTION_OK, "Renamed to " + to.virtual());
    }

    /** RFC 3659 §4: the size the file would have in the current TYPE. */
    static Reply size(Session s, String path) throws ReplyException, IOException {
        Resolved file = regularFile(s, path);
        long size = Files.size(file.real());
        if (s.type() == Session.TransferType.ASCII) {
            size += bareLineFeeds(file);
        }
        return Reply.of(ReplyCode.FILE_STATUS, Long.toString(size));
    }

    static Reply mdtm(Session s, String path) throws ReplyException, IOException {
        Resolved file = regularFile(s, path);
        return Reply.of(ReplyCode.FILE_STATUS, FtpTime.format(Files.getLastModifiedTime(file.real()).toInstant()));
    }

    /** draft-somers-ftp-mfxx: {@code MFMT YYYYMMDDHHMMSS path}. */
    static Reply mfmt(Session s, String argument) throws ReplyException, IOException {
        int space = argument.indexOf(' ');
        if (space < 0) {
            throw new ReplyException(ReplyCode.ARGUMENT_SYNTAX_ERROR, "Expected MFMT YYYYMMDDHHMMSS path");
        }
        Instant time;
        try {
            time = FtpTime.parse(argument.substring(0, space));
        } catch (IllegalArgumentException e) {
            throw new ReplyException(ReplyCode.ARGUMENT_SYNTAX_ERROR, e.getMessage());
        }
        String path = argument.substring(space + 1);
        Resolved file = s.resolve(path);
        Files.setLastModifiedTime(file.real(), FileTime.from(time));
        return Reply.of(ReplyCode.FILE_STATUS, "Modify=" + FtpTime.format(time) + "; " + path);
    }

    /** SITE CHMOD mode path, and SITE HELP. */
    static Reply site(Session s, String argument) throws ReplyException, IOException {
        String[] words = argument.split(" ", 3);
        switch (words[0].toUpperCase(java.util.Locale.ROOT)) {
            case "HELP" -> {
                return Reply.of(ReplyCode.HELP, "SITE commands: CHMOD mode path, HELP");
            }
            case "CHMOD" -> {
                if (words.length < 3 || !words[1].matches("[0-7]{3,4}")) {
                    throw new ReplyException(ReplyCode.ARGUMENT_SYNTAX_ERROR, "Expected SITE CHMOD 644 path");
                }
                if (!s.canWrite()) {
                    throw new ReplyException(ReplyCode.FILE_UNAVAILABLE, "Permission denied: this login is read-only");
                }
                Resolved file = s.resolve(words[2]);
                try {
                    Files.setPosixFilePermissions(file.real(), permissions(Integer.parseInt(words[1], 8)));
                } catch (UnsupportedOperationException e) {
                    throw new ReplyException(ReplyCode.PARAMETER_NOT_IMPLEMENTED, "This file system has no Unix modes");
                }
                return Reply.of(ReplyCode.OK, "Mode of " + file.virtual() + " set to " + words[1]);
            }
            default -> throw new ReplyException(ReplyCode.PARAMETER_NOT_IMPLEMENTED,
                    "Unknown SITE command; SITE HELP lists them");
        }
    }

    private static boolean sameFile(Resolved a, Resolved b) throws IOException {
        return Uploads.target(a.real()).equals(Uploads.target(b.real()));
    }

    static Resolved regularFile(Session s, String path) throws ReplyException, IOException {
        Resolved file = s.resolve(path);
        if (!Files.exists(file.real())) {
            throw new NoSuchFileException(path); // "No such file or directory", not "Not a regular file"
        }
        if (!Files.isRegularFile(file.real())) {
            throw new ReplyException(ReplyCode.FILE_UNAVAILABLE, path + ": Not a regular file");
        }
        return file;
    }

    /** Each LF without a CR before it becomes CRLF on the wire in TYPE A. */
    private static long bareLineFeeds(Resolved file) throws IOException {
        long count = 0;
        byte previous = 0;
        byte[] buffer = new byte[64 << 10];
        try (InputStream in = Files.newInputStream(file.real())) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n' && previous != '\r') {
                        count++;
                    }
                    previous = buffer[i];
                }
            }
        }
        return count;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE};
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }
}
