package dev.ferry.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {

    @TempDir
    Path dir;

    @Test
    void argon2idHashesVerifyAndAreSalted() {
        String a = PasswordHash.hash("correct horse");
        String b = PasswordHash.hash("correct horse");
        assertTrue(a.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
        assertFalse(a.equals(b), "same password, different salt");
        assertTrue(PasswordHash.verify(a, "correct horse"));
        assertFalse(PasswordHash.verify(a, "correct horsE"));
        assertFalse(PasswordHash.verify("plain-text", "plain-text"));
    }

    @Test
    void bcryptHashesFromHtpasswdVerify() {
        String bcrypt = org.bouncycastle.crypto.generators.OpenBSDBCrypt.generate("2y", "pw".toCharArray(), new byte[16], 6);
        assertTrue(PasswordHash.isKnownFormat(bcrypt));
        assertTrue(PasswordHash.verify(bcrypt, "pw"));
        assertFalse(PasswordHash.verify(bcrypt, "pw2"));
    }

    @Test
    void savesPrivatelyAndAuthenticates() throws IOException {
        Path file = dir.resolve("users.yml");
        UsersFile users = UsersFile.openOrCreate(file);
        users.put(new UserEntry("alice", PasswordHash.hash("s3cret"), dir.resolve("alice"), true));
        users.save();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(Files.readString(file).contains("s3cret"));

        UsersFile reread = UsersFile.open(file);
        User alice = reread.authenticate("alice", "s3cret").orElseThrow();
        assertEquals(dir.resolve("alice"), alice.home());
        assertTrue(alice.canWrite());
        assertTrue(reread.authenticate("alice", "wrong").isEmpty());
        assertTrue(reread.authenticate("nobody", "s3cret").isEmpty());
    }

    @Test
    void limitsRoundTripAndReachTheUser() throws IOException {
        Path file = dir.resolve("users.yml");
        UsersFile users = UsersFile.openOrCreate(file);
        UserLimits limits = new UserLimits(1 << 20, 512 << 10, 10L << 30, 1000);
        users.put(new UserEntry("alice", PasswordHash.hash("pw"), dir, true, Optional.empty(), limits));
        users.put(new UserEntry("bob", PasswordHash.hash("pw"), dir, true));
        users.save();
        String yaml = Files.readString(file);
        assertTrue(yaml.contains("download-rate: 1M") && yaml.contains("quota-bytes: 10G"), yaml);
        assertEquals(1, yaml.split("quota-files").length - 1, "unset limits are not written: " + yaml);

        UsersFile reread = UsersFile.open(file);
        assertEquals(limits, reread.authenticate("alice", "pw").orElseThrow().limits());
        assertEquals(UserLimits.NONE, reread.authenticate("bob", "pw").orElseThrow().limits());
    }

    @Test
    void badLimitNamesTheUserAndTheField() throws IOException {
        Path file = dir.resolve("users.yml");
        Files.writeString(file, "users:\n  - name: alice\n    password: " + PasswordHash.hash("pw")
                + "\n    home: .\n    upload-rate: quick\n");
        IOException e = assertThrows(IOException.class, () -> UsersFile.open(file));
        assertTrue(e.getMessage().contains("user #1: 'upload-rate': expected a byte count"), e.getMessage());
    }

    @Test
    void picksUpChangesWithoutRestart() throws IOException {
        Path file = dir.resolve("users.yml");
        UsersFile writer = UsersFile.openOrCreate(file);
        writer.put(new UserEntry("alice", PasswordHash.hash("one"), dir, false));
        writer.save();
        UsersFile server = UsersFile.open(file);
        assertTrue(server.authenticate("carol", "two").isEmpty());

        writer.put(new UserEntry("carol", PasswordHash.hash("two"), dir, false));
        writer.save();
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5))); // coarse clocks
        assertTrue(server.authenticate("carol", "two").isPresent());
    }

    @Test
    void relativeHomesAreRelativeToTheFile() throws IOException {
        Path file = dir.resolve("users.yml");
        Files.writeString(file, "users:\n  - name: dan\n    password: '" + PasswordHash.hash("x") + "'\n    home: dan\n");
        assertEquals(dir.resolve("dan"), UsersFile.open(file).list().getFirst().home());
    }

    @Test
    void brokenFilesAreRefusedWithTheReason() throws IOException {
        Path file = dir.resolve("users.yml");
        Files.writeString(file, "users:\n  - name: eve\n    password: plain\n    home: /tmp\n");
        IOException e = assertThrows(IOException.class, () -> UsersFile.open(file));
        assertTrue(e.getMessage().contains("user #1: password of 'eve' is not an argon2id or bcrypt hash"), e.getMessage());
        Files.writeString(file, "people: []\n");
        assertTrue(assertThrows(IOException.class, () -> UsersFile.open(file)).getMessage().contains("expected a 'users:' list"));
        assertThrows(IOException.class, () -> UsersFile.open(dir.resolve("missing.yml")));
    }

    @Test
    void anonymousNamesAreReserved() {
        assertThrows(IllegalArgumentException.class, () -> new UserEntry("anonymous", PasswordHash.hash("x"), dir, false));
        assertThrows(IllegalArgumentException.class, () -> new UserEntry("a b", PasswordHash.hash("x"), dir, false));
    }
}
