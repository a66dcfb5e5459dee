package dev.ferry.cli;

import dev.ferry.server.auth.PasswordHash;
import dev.ferry.server.auth.UserEntry;
import dev.ferry.server.auth.UserLimits;
import dev.ferry.server.config.ByteSize;
import dev.ferry.server.auth.UsersFile;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code ferry user add|remove|list|passwd}: manages the users file (argon2id hashes). */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Manage the users file. A running server picks up changes at the next login.",
        subcommands = {UserCommand.Add.class, UserCommand.Remove.class, UserCommand.List.class, UserCommand.Passwd.class})
final class UserCommand {

    @Option(names = "--users", paramLabel = "FILE", defaultValue = "ferry-users.yml", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Users file (default: ${DEFAULT-VALUE}, which 'ferry serve' also uses when it exists).")
    Path usersFile;

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user, or replace one of the same name.")
    static final class Add implements Callable<Integer> {
        @ParentCommand UserCommand parent;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--home", paramLabel = "DIR", required = true, description = "The user's root folder (created if missing).")
        Path home;
        @Option(names = "--write", description = "Allow uploads, deletes, renames and new folders.")
        boolean write;
        @Option(names = "--password-stdin", description = "Read the password from standard input instead of asking.")
        boolean passwordStdin;
        @Option(names = "--download-rate", paramLabel = "BYTES/S", defaultValue = "0",
                description = "Bandwidth of this user's downloads, all sessions together, such as 1M (0: unlimited).")
        String downloadRate;
        @Option(names = "--upload-rate", paramLabel = "BYTES/S", defaultValue = "0",
                description = "Bandwidth of this user's uploads (0: unlimited).")
        String uploadRate;
        @Option(names = "--quota-bytes", paramLabel = "BYTES", defaultValue = "0",
                description = "Bytes the home may hold, such as 10G; an upload past it gets 552 (0: unlimited).")
        String quotaBytes;
        @Option(names = "--quota-files", paramLabel = "N", defaultValue = "0",
                description = "Files and folders the home may hold (0: unlimited).")
        long quotaFiles;

        @Override
        public Integer call() throws IOException {
            UserLimits limits;
            try {
                limits = new UserLimits(ByteSize.parse(downloadRate), ByteSize.parse(uploadRate),
                        ByteSize.parse(quotaBytes), quotaFiles);
            } catch (IllegalArgumentException e) {
                System.err.println("ferry user add: " + e.getMessage());
                return 2;
            }
            String password = readPassword(passwordStdin);
            Files.createDirectories(home);
            UsersFile users = UsersFile.openOrCreate(parent.usersFile);
            users.put(new UserEntry(name, PasswordHash.hash(password), home.toAbsolutePath().normalize(), write,
                    java.util.Optional.empty(), limits));
            users.save();
            System.out.println("user '" + name + "' saved in " + parent.usersFile + " (home " + home
                    + (write ? ", read-write)" : ", read-only)"));
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand UserCommand parent;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() throws IOException {
            UsersFile users = UsersFile.open(parent.usersFile);
            if (!users.remove(name)) {
                System.err.println("ferry user remove: no user '" + name + "' in " + parent.usersFile);
                return 1;
            }
            users.save();
            System.out.println("user '" + name + "' removed");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users.")
    static final class List implements Callable<Integer> {
        @ParentCommand UserCommand parent;

        @Override
        public Integer call() throws IOException {
            for (UserEntry u : UsersFile.open(parent.usersFile).list()) {
                String limits = u.limits().describe();
                System.out.println(u.name() + "\t" + (u.canWrite() ? "read-write" : "read-only") + "\t" + u.home()
                        + (limits.isEmpty() ? "" : "\t" + limits));
            }
            return 0;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set a user's password.")
    static final class Passwd implements Callable<Integer> {
        @ParentCommand UserCommand parent;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--password-stdin", description = "Read the password from standard input instead of asking.")
        boolean passwordStdin;

        @Override
        public Integer call() throws IOException {
            UsersFile users = UsersFile.open(parent.usersFile);
            UserEntry old = users.find(name).orElse(null);
            if (old == null) {
                System.err.println("ferry user passwd: no user '" + name + "' in " + parent.usersFile);
                return 1;
            }
            users.put(new UserEntry(name, PasswordHash.hash(readPassword(passwordStdin)), old.home(), old.canWrite(),
                    old.tls(), old.limits())); // a new password keeps everything else
            users.save();
            System.out.println("password of '" + name + "' changed");
            return 0;
        }
    }

    static String readPassword(boolean fromStdin) throws IOException {
        String password;
        if (fromStdin) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? "" : line;
        } else {
            Console console = System.console();
            if (console == null) {
                throw new IOException("no terminal to ask for the password; use --password-stdin");
            }
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Again: ");
            if (first == null || !Arrays.equals(first, second)) {
                throw new IOException("the passwords differ");
            }
            password = new String(first);
        }
        if (password.isEmpty()) {
            throw new IOException("the password is empty");
        }
        return password;
    }
}
