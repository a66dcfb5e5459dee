package dev.ferry.cli.client.shell;

import static dev.ferry.cli.client.shell.ShellVerb.Completion.LOCAL;
import static dev.ferry.cli.client.shell.ShellVerb.Completion.LOCAL_DIRECTORY;
import static dev.ferry.cli.client.shell.ShellVerb.Completion.NONE;
import static dev.ferry.cli.client.shell.ShellVerb.Completion.ON_OFF;
import static dev.ferry.cli.client.shell.ShellVerb.Completion.REMOTE;
import static dev.ferry.cli.client.shell.ShellVerb.Completion.REMOTE_DIRECTORY;
import static dev.ferry.cli.client.shell.ShellVerb.Completion.VERB;
import static dev.ferry.cli.client.shell.ShellVerb.Phase.ANY;
import static dev.ferry.cli.client.shell.ShellVerb.Phase.CONNECTED;

import dev.ferry.cli.client.FtpUrl;
import dev.ferry.client.DataMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The shell's verbs, one row each, as ftp(1) and lftp users know them. */
final class ShellVerbs {

    static final ShellVerbs ALL = new ShellVerbs(List.of(
            new ShellVerb("ls", List.of("dir"), "[PATH]", CONNECTED,
                    "List a remote directory (default: the current one).", List.of(REMOTE), ShellSession::list),
            new ShellVerb("cd", List.of("cwd"), "PATH", CONNECTED,
                    "Change the remote directory.", List.of(REMOTE_DIRECTORY), ShellSession::changeDirectory),
            new ShellVerb("pwd", List.of(), "", CONNECTED,
                    "Print the remote directory.", List.of(), ShellSession::printDirectory),
            new ShellVerb("lcd", List.of(), "[DIR]", ANY,
                    "Change the local directory (default: your home).", List.of(LOCAL_DIRECTORY),
                    ShellSession::changeLocalDirectory),
            new ShellVerb("lpwd", List.of(), "", ANY,
                    "Print the local directory.", List.of(), ShellSession::printLocalDirectory),
            new ShellVerb("get", List.of("recv"), "REMOTE [LOCAL]", CONNECTED,
                    "Download a file into the local directory, or as LOCAL.", List.of(REMOTE, LOCAL),
                    ShellSession::get),
            new ShellVerb("put", List.of("send"), "LOCAL [REMOTE]", CONNECTED,
                    "Upload a file into the remote directory, or as REMOTE.", List.of(LOCAL, REMOTE),
                    ShellSession::put),
            new ShellVerb("mget", List.of(), "PATTERN...", CONNECTED,
                    "Download the remote files matching each pattern (*, ?, [a-z]).", List.of(REMOTE),
                    ShellSession::multipleGet),
            new ShellVerb("mput", List.of(), "PATTERN...", CONNECTED,
                    "Upload the local files matching each pattern (*, ?, [a-z]).", List.of(LOCAL),
                    ShellSession::multiplePut),
            new ShellVerb("mkdir", List.of(), "[-p] DIR", CONNECTED,
                    "Create a remote directory; -p: with its parents, and an existing one is fine.",
                    List.of(REMOTE, REMOTE), ShellSession::makeDirectory),
            new ShellVerb("rm", List.of("delete"), "FILE...", CONNECTED,
                    "Delete remote files.", List.of(REMOTE), ShellSession::delete),
            new ShellVerb("rmdir", List.of(), "DIR", CONNECTED,
                    "Remove an empty remote directory.", List.of(REMOTE_DIRECTORY), ShellSession::removeDirectory),
            new ShellVerb("mv", List.of("rename"), "FROM TO", CONNECTED,
                    "Rename or move a remote file or directory.", List.of(REMOTE, REMOTE), ShellSession::rename),
            new ShellVerb("passive", List.of(), "", ANY,
                    "Data connections: passive (EPSV, then PASV).", List.of(),
                    (session, arguments) -> session.mode(DataMode.PASSIVE)),
            new ShellVerb("active", List.of(), "", ANY,
                    "Data connections: active (EPRT, then PORT).", List.of(),
                    (session, arguments) -> session.mode(DataMode.ACTIVE)),
            new ShellVerb("auto", List.of(), "", ANY,
                    "Data connections: passive, then active if passive fails.", List.of(),
                    (session, arguments) -> session.mode(DataMode.AUTO)),
            new ShellVerb("status", List.of(), "", ANY,
                    "Show the server, user, data mode, directories and the server's features.", List.of(),
                    ShellSession::status),
            new ShellVerb("verbose", List.of(), "[on|off]", ANY,
                    "Print every command, reply and connection (no argument: toggle).", List.of(ON_OFF),
                    ShellSession::verbose),
            new ShellVerb("quote", List.of("raw"), "COMMAND...", CONNECTED,
                    "Send a command to the server as it is and print the reply (SITE, HELP...).", List.of(NONE),
                    ShellSession::quote),
            new ShellVerb("open", List.of("reconnect"), "[URL]", ANY,
                    "Connect to a URL, " + FtpUrl.SYNTAX + " (no URL: the last one again).",
                    List.of(NONE), ShellSession::open),
            new ShellVerb("close", List.of("disconnect"), "", CONNECTED,
                    "Log out and close the connection, staying in the shell.", List.of(), ShellSession::close),
            new ShellVerb("help", List.of("?"), "[VERB]", ANY,
                    "List the verbs, or explain one.", List.of(VERB), ShellSession::help),
            new ShellVerb("bye", List.of("quit", "exit"), "", ANY,
                    "Log out and leave the shell (Ctrl-D too).", List.of(), ShellSession::bye)));

    private final List<ShellVerb> verbs;
    private final Map<String, ShellVerb> byName = new LinkedHashMap<>();

    ShellVerbs(List<ShellVerb> verbs) {
        this.verbs = List.copyOf(verbs);
        for (ShellVerb verb : verbs) {
            for (String name : Stream.concat(Stream.of(verb.name()), verb.aliases().stream()).toList()) {
                if (byName.put(name, verb) != null) {
                    throw new IllegalArgumentException("two shell verbs are called " + name);
                }
            }
        }
    }

    /** The verb called {@code name} or one of its aliases, in any case. */
    Optional<ShellVerb> find(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    List<ShellVerb> all() {
        return verbs;
    }

    /** Every name and alias, for completion. */
    List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }
}
