package dev.ferry.server.command;

import static dev.ferry.server.command.CommandSpec.Access.NONE;
import static dev.ferry.server.command.CommandSpec.Access.READ;
import static dev.ferry.server.command.CommandSpec.Access.WRITE;
import static dev.ferry.server.command.CommandSpec.Argument.OPTIONAL;
import static dev.ferry.server.command.CommandSpec.Argument.REQUIRED;
import static dev.ferry.server.command.CommandSpec.Phase.ANY;
import static dev.ferry.server.command.CommandSpec.Phase.LOGGED_IN;

import dev.ferry.server.command.CommandSpec.Argument;
import dev.ferry.server.command.CommandSpec.Sequence;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every verb the server knows, one row each. Before login only the ANY rows exist; aliases (XPWD, XCWD, ...)
 * are rows of their own pointing at the same handler.
 */
public final class CommandTable {

    static final Map<String, CommandSpec> ROWS;

    static {
        Map<String, CommandSpec> rows = new TreeMap<>();
        // access control (RFC 959 §4.1.1) and RFC 7151 HOST
        row(rows, "USER", ANY, REQUIRED, Sequence.ANY, NONE, "USER name: start a login", AccessCommands::user);
        row(rows, "PASS", ANY, OPTIONAL, Sequence.AFTER_USER, NONE, "PASS password: finish a login", AccessCommands::pass);
        row(rows, "ACCT", LOGGED_IN, REQUIRED, Sequence.ANY, NONE, "ACCT account: not needed", AccessCommands::acct);
        row(rows, "REIN", ANY, Argument.NONE, Sequence.ANY, NONE, "REIN: log out, keep the connection", AccessCommands::rein);
        row(rows, "QUIT", ANY, Argument.NONE, Sequence.ANY, NONE, "QUIT: end the session", AccessCommands::quit);
        row(rows, "HOST", ANY, REQUIRED, Sequence.ANY, NONE, "HOST name: the virtual host (RFC 7151)", AccessCommands::host);
        // FTPS (RFC 4217)
        row(rows, "AUTH", ANY, REQUIRED, Sequence.BEFORE_TLS, NONE, "AUTH TLS: protect the control connection with TLS", SecurityCommands::auth);
        row(rows, "PBSZ", ANY, REQUIRED, Sequence.AFTER_AUTH, NONE, "PBSZ 0: protection buffer size, 0 for TLS", SecurityCommands::pbsz);
        row(rows, "PROT", ANY, REQUIRED, Sequence.AFTER_PBSZ, NONE, "PROT P|C: data connections with TLS (P) or in the clear (C)", SecurityCommands::prot);
        row(rows, "CCC", ANY, Argument.NONE, Sequence.AFTER_AUTH, NONE, "CCC: clear the control connection (refused)", SecurityCommands::ccc);
        // information
        row(rows, "SYST", ANY, Argument.NONE, Sequence.ANY, NONE, "SYST: the system type", InfoCommands::syst);
        row(rows, "FEAT", ANY, Argument.NONE, Sequence.ANY, NONE, "FEAT: the extensions supported (RFC 2389)", InfoCommands::feat);
        row(rows, "OPTS", ANY, REQUIRED, Sequence.ANY, NONE, "OPTS UTF8 ON | OPTS MLST facts", InfoCommands::opts);
        row(rows, "HELP", ANY, OPTIONAL, Sequence.ANY, NONE, "HELP [verb]: this help", InfoCommands::help);
        row(rows, "NOOP", ANY, Argument.NONE, Sequence.ANY, NONE, "NOOP: do nothing", InfoCommands::noop);
        row(rows, "STAT", LOGGED_IN, OPTIONAL, Sequence.ANY, READ, "STAT [path]: status, or a listing on the control connection", ListingCommands::stat);
        row(rows, "SITE", LOGGED_IN, REQUIRED, Sequence.ANY, READ, "SITE CHMOD mode path | SITE HELP", FileCommands::site);
        // working folder, with the RFC 775 X-variants
        row(rows, "PWD", LOGGED_IN, Argument.NONE, Sequence.ANY, READ, "PWD: the working folder", NavigationCommands::pwd);
        row(rows, "XPWD", LOGGED_IN, Argument.NONE, Sequence.ANY, READ, "XPWD: same as PWD", NavigationCommands::pwd);
        row(rows, "CWD", LOGGED_IN, REQUIRED, Sequence.ANY, READ, "CWD path: change the working folder", NavigationCommands::cwd);
        row(rows, "XCWD", LOGGED_IN, REQUIRED, Sequence.ANY, READ, "XCWD path: same as CWD", NavigationCommands::cwd);
        row(rows, "CDUP", LOGGED_IN, Argument.NONE, Sequence.ANY, READ, "CDUP: go to the parent folder", NavigationCommands::cdup);
        row(rows, "XCUP", LOGGED_IN, Argument.NONE, Sequence.ANY, READ, "XCUP: same as CDUP", NavigationCommands::cdup);
        // files and folders
        row(rows, "MKD", LOGGED_IN, REQUIRED, Sequence.ANY, WRITE, "MKD path: make a folder", FileCommands::mkd);
        row(rows, "XMKD", LOGGED_IN, REQUIRED, Sequence.ANY, WRITE, "XMKD path: same as MKD", FileCommands::mkd);
        row(rows, "RMD", LOGGED_IN, REQUIRED, Sequence.ANY, WRITE, "RMD path: remove an empty folder", FileCommands::rmd);
        row(rows, "XRMD", LOGGED_IN, REQUIRED, Sequence.ANY, WRITE, "XRMD path: same as RMD", FileCommands::rmd);
        row(rows, "DELE", LOGGED_IN, REQUIRED, Sequence.ANY, WRITE, "DELE path: delete a file", FileCommands::dele);
        row(rows, "RNFR", LOGGED_IN, REQUIRED, Sequence.ANY, WRITE, "RNFR path: rename from", FileCommands::rnfr);
        row(rows, "RNTO", LOGGED_IN, REQUIRED, Sequence.AFTER_RNFR, WRITE, "RNTO path: rename to", FileCommands::rnto);
        row(rows, "SIZE", LOGGED_IN, REQUIRED, Sequence.ANY, READ, "SIZE path: size in the current TYPE (RFC 3659)", FileCommands::size);
        row(rows, "MDTM", LOGGED_IN, REQUIRED, Sequence.ANY, READ, "MDTM path: modification time (RFC 3659)", FileCommands::mdtm);
        row(rows, "MFMT", LOGGED_IN, REQUIRED, Sequence.ANY, WRITE, "MFMT YYYYMMDDHHMMSS path: set the modification time", FileCommands::mfmt);
        // transfer parameters
        row(rows, "TYPE", LOGGED_IN, REQUIRED, Sequence.ANY, READ, "TYPE A|I: ASCII or binary", TransferCommands::type);
        row(rows, "MODE", LOGGED_IN, REQUIRED, Sequence.ANY, READ, "MODE S: stream mode", TransferCommands::mode);
        row(rows, "STRU", LOGGED_IN, REQUIRED, Sequence.ANY, READ, "STRU F: file structure", TransferCommands::stru);
        row(rows, "ALLO", LOGGED_IN, OPTIONAL, Sequence.ANY, READ, "ALLO size: not needed", TransferCommands::allo);
        row(rows, "REST", LOGGED_IN, REQUIRED, Sequence.ANY, READ, "REST offset: resume the next RETR, STOR or APPE there", TransferCommands::rest);
        row(rows, "ABOR", LOGGED_IN, Argument.NONE, Sequence.ANY, READ, "ABOR: abort the transfer", TransferCommands::abor);
        // data connection (RFC 959, RFC 2428)
        row(rows, "PASV", LOGGED_IN, Argument.NONE, Sequence.NOT_AFTER_EPSV_ALL, READ, "PASV: the server listens (IPv4)", DataChannelCommands::pasv);
        row(rows, "EPSV", LOGGED_IN, OPTIONAL, Sequence.ANY, READ, "EPSV [1|2|ALL]: the server listens, announces only the port", DataChannelCommands::epsv);
        row(rows, "PORT", LOGGED_IN, REQUIRED, Sequence.NOT_AFTER_EPSV_ALL, READ, "PORT h1,h2,h3,h4,p1,p2: the server connects", DataChannelCommands::port);
        row(rows, "EPRT", LOGGED_IN, REQUIRED, Sequence.NOT_AFTER_EPSV_ALL, READ, "EPRT |1|address|port|: the server connects (IPv4 or IPv6)", DataChannelCommands::eprt);
        // transfers and listings
        row(rows, "RETR", LOGGED_IN, REQUIRED, Sequence.ANY, READ, "RETR path: download", TransferCommands::retr);
        row(rows, "STOR", LOGGED_IN, REQUIRED, Sequence.ANY, WRITE, "STOR path: upload", TransferCommands::stor);
        row(rows, "STOU", LOGGED_IN, OPTIONAL, Sequence.ANY, WRITE, "STOU [name]: upload under a new unique name", TransferCommands::stou);
        row(rows, "APPE", LOGGED_IN, REQUIRED, Sequence.ANY, WRITE, "APPE path: upload, appending", TransferCommands::appe);
        row(rows, "LIST", LOGGED_IN, OPTIONAL, Sequence.ANY, READ, "LIST [-a] [path]: listing in ls -l form", ListingCommands::list);
        row(rows, "NLST", LOGGED_IN, OPTIONAL, Sequence.ANY, READ, "NLST [path]: names only", ListingCommands::nlst);
        row(rows, "MLSD", LOGGED_IN, OPTIONAL, Sequence.ANY, READ, "MLSD [path]: machine-readable listing (RFC 3659)", ListingCommands::mlsd);
        row(rows, "MLST", LOGGED_IN, OPTIONAL, Sequence.ANY, READ, "MLST [path]: facts of one path (RFC 3659)", ListingCommands::mlst);
        ROWS = java.util.Collections.unmodifiableMap(rows);
    }

    private CommandTable() {
    }

    public static CommandDispatcher dispatcher() {
        return new CommandDispatcher(ROWS);
    }

    private static void row(Map<String, CommandSpec> rows, String verb, CommandSpec.Phase phase, Argument argument,
                            Sequence sequence, CommandSpec.Access access, String help, CommandSpec.Handler handler) {
        rows.put(verb, new CommandSpec(verb, phase, argument, sequence, access, help, handler));
    }
}
