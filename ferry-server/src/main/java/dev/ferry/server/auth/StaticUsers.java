package dev.ferry.server.auth;

import dev.ferry.server.config.TlsRequirement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Users held in memory: the generated default user, and tests. */
public final class StaticUsers implements UserStore {

    private final Map<String, UserEntry> byName;

    public StaticUsers(List<UserEntry> users) {
        this.byName = users.stream().collect(Collectors.toUnmodifiableMap(UserEntry::name, Function.identity()));
    }

    @Override
    public Optional<User> authenticate(String name, String password, PasswordCheck check) {
        return authenticate(byName.get(name), password, check);
    }

    @Override
    public Optional<TlsRequirement> tlsRequirement(String name) {
        return Optional.ofNullable(byName.get(name)).flatMap(UserEntry::tls);
    }

    static Optional<User> authenticate(UserEntry entry, String password, PasswordCheck check) {
        if (entry == null) {
            check.matches("", PasswordHash.DUMMY, password); // the work a known name costs; the answer is no
            return Optional.empty();
        }
        return check.matches(entry.name(), entry.passwordHash(), password)
                ? Optional.of(entry.toUser()) : Optional.empty();
    }
}
