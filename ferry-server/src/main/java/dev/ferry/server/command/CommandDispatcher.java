package dev.ferry.server.command;

import dev.ferry.protocol.Command;
import dev.ferry.protocol.Reply;
import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import dev.ferry.server.session.Session;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Map;

/**
 * The one pipeline every command goes through: the checks of its table row, in a fixed order, then the
 * handler, then the one catch ladder that turns every failure into a reply.
 */
public final class CommandDispatcher {

    private final Map<String, CommandSpec> table;

    public CommandDispatcher(Map<String, CommandSpec> table) {
        this.table = table;
    }

    public Reply dispatch(Session session, Command command) {
        try {
            CommandSpec spec = table.get(command.verb());
            if (spec == null) {
                throw new ReplyException(ReplyCode.SYNTAX_ERROR, "Unknown command '" + printable(command.verb()) + "'");
            }
            if (spec.phase() == CommandSpec.Phase.LOGGED_IN && !session.isLoggedIn()) {
                throw new ReplyException(ReplyCode.NOT_LOGGED_IN, "Please log in with USER and PASS first");
            }
            checkArgument(spec, command);
            if (!spec.sequence().allows(session)) {
                throw new ReplyException(ReplyCode.BAD_SEQUENCE, spec.sequence().refusal);
            }
            if (spec.access() == CommandSpec.Access.WRITE && !session.canWrite()) {
                throw new ReplyException(ReplyCode.FILE_UNAVAILABLE, "Permission denied: this login is read-only");
            }
            return spec.handler().handle(session, command.argument());
        } catch (ReplyException e) {
            if (e.closesSession()) {
                session.endAfterReply();
            }
            return e.reply();
        } catch (NoSuchFileException e) {
            return Reply.of(ReplyCode.FILE_UNAVAILABLE, command.argument() + ": No such file or directory");
        } catch (AccessDeniedException e) {
            return Reply.of(ReplyCode.FILE_UNAVAILABLE, command.argument() + ": Permission denied");
        } catch (FileAlreadyExistsException e) {
            return Reply.of(ReplyCode.FILE_UNAVAILABLE, command.argument() + ": Already exists");
        } catch (DirectoryNotEmptyException e) {
            return Reply.of(ReplyCode.FILE_UNAVAILABLE, command.argument() + ": Directory not empty");
        } catch (NotDirectoryException e) {
            return Reply.of(ReplyCode.FILE_UNAVAILABLE, command.argument() + ": Not a directory");
        } catch (IOException e) {
            return ioFailure(session, command, e);
        } catch (RuntimeException e) {
            session.log().warning("bug while handling " + command.toLoggable(), e);
            return Reply.of(ReplyCode.LOCAL_ERROR, "Internal error; the session goes on");
        }
    }

    private static void checkArgument(CommandSpec spec, Command command) throws ReplyException {
        switch (spec.argument()) {
            case REQUIRED -> {
                if (!command.hasArgument()) {
                    throw new ReplyException(ReplyCode.ARGUMENT_SYNTAX_ERROR, command.verb() + " needs an argument");
                }
            }
            case NONE -> {
                if (command.hasArgument()) {
                    throw new ReplyException(ReplyCode.ARGUMENT_SYNTAX_ERROR, command.verb() + " takes no argument");
                }
            }
            case OPTIONAL -> {
            }
        }
    }

    /** Disk full and other local failures. The message of a FileSystemException names a real path: not shown. */
    private static Reply ioFailure(Session session, Command command, IOException e) {
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.getMessage();
        reason = reason == null ? e.getClass().getSimpleName() : reason;
        if (reason.contains("No space left") || reason.contains("Disk quota exceeded")) {
            session.log().warning(command.verb() + " failed: " + reason);
            return Reply.of(ReplyCode.INSUFFICIENT_STORAGE, "Insufficient storage space: " + reason);
        }
        if (e instanceof FileSystemException) {
            session.log().info(command.verb() + " failed: " + reason);
            return Reply.of(ReplyCode.FILE_UNAVAILABLE, command.argument() + ": " + reason);
        }
        session.log().warning(command.verb() + " failed: " + reason);
        return Reply.of(ReplyCode.LOCAL_ERROR, "Local error: " + reason);
    }

    private static String printable(String verb) {
        String cleaned = verb.replaceAll("[^\\x21-\\x7e]", "?");
        return cleaned.length() > 32 ? cleaned.substring(0, 32) + "..." : cleaned;
    }
}
