package dev.ferry.server.auth;

import java.io.IOException;
import dev.ferry.server.config.ByteSize;
import dev.ferry.server.config.TlsRequirement;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The users file: YAML with one entry per user (name, argon2id hash, home, write). Read again when it
 * changes on disk, so that {@code ferry user add} takes effect without a restart. Relative homes are
 * relative to the file's folder.
 *
 * <pre>
 * users:
 *   - name: alice
 *     password: $argon2id$v=19$m=19456,t=2,p=1$...
 *     home: alice
 *     write: true
 *     tls: all        # optional: none, login, data or all; overrides the server's tls-required
 *     download-rate: 1M    # optional (all four; 0 or absent: unlimited): bytes/s of this user's downloads,
 *     upload-rate: 512K    # shared by all their sessions, under the server's max-download/upload-rate
 *     quota-bytes: 10G     # bytes and files (folders count as files) the home may hold: more gets 552
 *     quota-files: 10000
 * </pre>
 */
public final class UsersFile implements UserStore {

    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private FileTime loadedModified;
    private Map<String, UserEntry> users;

    private UsersFile(Path file, Map<String, UserEntry> users, FileTime loadedModified) {
        this.file = file;
        this.users = users;
        this.loadedModified = loadedModified;
    }

    /** Opens an existing users file; fails with a message naming the file and the problem. */
    public static UsersFile open(Path file) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        return new UsersFile(file, read(file), modified);
    }

    /** Opens a users file, or starts an empty one that the first {@link #save} creates. */
    public static UsersFile openOrCreate(Path file) throws IOException {
        return Files.exists(file) ? open(file) : new UsersFile(file, new LinkedHashMap<>(), null);
    }

    @Override
    public Optional<User> authenticate(String name, String password, PasswordCheck check) {
        UserEntry entry;
        lock.lock();
        try {
            reloadIfChanged();
            entry = users.get(name);
        } finally {
            lock.unlock();
        }
        return StaticUsers.authenticate(entry, password, check);
    }

    @Override
    public Optional<TlsRequirement> tlsRequirement(String name) {
        lock.lock();
        try {
            reloadIfChanged();
            return Optional.ofNullable(users.get(name)).flatMap(UserEntry::tls);
        } finally {
            lock.unlock();
        }
    }

    public List<UserEntry> list() {
        lock.lock();
        try {
            return List.copyOf(users.values());
        } finally {
            lock.unlock();
        }
    }

    public Optional<UserEntry> find(String name) {
        lock.lock();
        try {
            return Optional.ofNullable(users.get(name));
        } finally {
            lock.unlock();
        }
    }

    /** Adds or replaces a user in memory; {@link #save} writes the file. */
    public void put(UserEntry entry) {
        lock.lock();
        try {
            users.put(entry.name(), entry);
        } finally {
            lock.unlock();
        }
    }

    public boolean remove(String name) {
        lock.lock();
        try {
            return users.remove(name) != null;
        } finally {
            lock.unlock();
        }
    }

    /** Writes the file atomically (temporary file, then rename), readable by its owner only. */
    public void save() throws IOException {
        lock.lock();
        try {
            List<Map<String, Object>> entries = new ArrayList<>();
            for (UserEntry u : users.values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", u.name());
                m.put("password", u.passwordHash());
                m.put("home", u.home().toString());
                m.put("write", u.canWrite());
                u.tls().ifPresent(tls -> m.put("tls", tls.toString()));
                putIfSet(m, "download-rate", ByteSize.format(u.limits().downloadRate()));
                putIfSet(m, "upload-rate", ByteSize.format(u.limits().uploadRate()));
                putIfSet(m, "quota-bytes", ByteSize.format(u.limits().quotaBytes()));
                if (u.limits().quotaFiles() > 0) {
                    m.put("quota-files", u.limits().quotaFiles());
                }
                entries.add(m);
            }
            String yaml = "# Ferry users file: manage with 'ferry user add|remove|list|passwd'\n"
                    + new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build())
                            .dumpToString(Map.of("users", entries));
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, ".users", ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: keep its defaults
                }
                Files.writeString(temp, yaml);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
            loadedModified = Files.getLastModifiedTime(file);
        } finally {
            lock.unlock();
        }
    }

    private void reloadIfChanged() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (!modified.equals(loadedModified)) {
                users = read(file);
                loadedModified = modified;
            }
        } catch (IOException e) {
            // Keep serving the users we have; the log says why the new file was not taken.
            System.getLogger(UsersFile.class.getName()).log(System.Logger.Level.WARNING,
                    "users file " + file + " not reloaded: " + e.getMessage());
        }
    }

    private static Map<String, UserEntry> read(Path file) throws IOException {
        Object document;
        try {
            document = new Load(LoadSettings.builder().setLabel(file.toString()).build())
                    .loadFromString(Files.readString(file));
        } catch (YamlEngineException e) {
            throw new IOException(file + " is not valid YAML: " + e.getMessage());
        }
        Map<String, UserEntry> users = new LinkedHashMap<>();
        if (document == null) {
            return users;
        }
        if (!(document instanceof Map<?, ?> top) || !(top.get("users") instanceof List<?> list)) {
            throw new IOException(file + ": expected a 'users:' list");
        }
        Path base = file.toAbsolutePath().getParent();
        int index = 0;
        for (Object item : list) {
            index++;
            if (!(item instanceof Map<?, ?> m)) {
                throw new IOException(file + ": user #" + index + " is not a mapping");
            }
            try {
                String name = required(m, "name");
                Path home = base.resolve(required(m, "home"));
                boolean write = Boolean.parseBoolean(String.valueOf(m.get("write")));
                Optional<TlsRequirement> tls = m.get("tls") == null ? Optional.empty()
                        : Optional.of(TlsRequirement.parse(String.valueOf(m.get("tls"))));
                UserLimits limits = new UserLimits(bytes(m, "download-rate"), bytes(m, "upload-rate"),
                        bytes(m, "quota-bytes"), count(m, "quota-files"));
                UserEntry entry = new UserEntry(name, required(m, "password"), home, write, tls, limits);
                if (users.putIfAbsent(name, entry) != null) {
                    throw new IllegalArgumentException("user '" + name + "' appears twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": user #" + index + ": " + e.getMessage());
            }
        }
        return users;
    }

    private static void putIfSet(Map<String, Object> m, String key, String value) {
        if (!value.equals("0")) {
            m.put(key, value);
        }
    }

    private static long bytes(Map<?, ?> m, String key) {
        Object value = m.get(key);
        try {
            return value == null ? 0 : ByteSize.parse(String.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + key + "': " + e.getMessage());
        }
    }

    private static long count(Map<?, ?> m, String key) {
        Object value = m.get(key);
        try {
            return value == null ? 0 : Long.parseLong(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "': expected a whole number, got '" + value + "'");
        }
    }

    private static String required(Map<?, ?> m, String key) {
        Object value = m.get(key);
        if (value == null || String.valueOf(value).isBlank()) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return String.valueOf(value);
    }
}
