package dev.ferry.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An unknown name costs the same work as a wrong password: one check against a real hash. */
class StaticUsersTest {

    @TempDir
    Path dir;

    /** Records each hash it is asked to check, and checks it for real. */
    private static final class RecordingCheck implements PasswordCheck {
        final List<String> hashes = new ArrayList<>();

        @Override
        public boolean matches(String name, String encoded, String password) {
            hashes.add(encoded);
            return PasswordHash.verify(encoded, password);
        }
    }

    @Test
    void anUnknownNameIsCheckedAgainstTheDummyHash() {
        String aliceHash = PasswordHash.hash("s3cret");
        StaticUsers users = new StaticUsers(List.of(new UserEntry("alice", aliceHash, dir, true)));
        RecordingCheck check = new RecordingCheck();
        assertTrue(users.authenticate("mallory", "s3cret", check).isEmpty());
        assertTrue(users.authenticate("alice", "wrong", check).isEmpty());
        assertEquals(List.of(PasswordHash.DUMMY, aliceHash), check.hashes);
        assertTrue(PasswordHash.DUMMY.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"),
                "the dummy must cost what a stored hash costs");
    }

    @Test
    void theUsersFileChecksUnknownNamesTheSameWay() throws IOException {
        UsersFile users = UsersFile.openOrCreate(dir.resolve("users.yml"));
        users.put(new UserEntry("alice", PasswordHash.hash("s3cret"), dir, true));
        users.save();
        RecordingCheck check = new RecordingCheck();
        assertTrue(users.authenticate("mallory", "s3cret", check).isEmpty());
        assertEquals(List.of(PasswordHash.DUMMY), check.hashes);
        assertTrue(users.authenticate("alice", "s3cret", check).isPresent());
    }
}
