package dev.ferry.server.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The one door to the disk, fuzzed with a working folder and a client argument, on a real root holding
 * folders and symlinks: one inside, one to a folder outside the root, one relative link climbing out, one
 * dangling. Whatever resolves has a normalized virtual path, a real path that is the root plus that virtual
 * path, and leads nowhere outside the root: an existing file's real location is inside, and a new file would
 * be created in a folder that is inside. Refusals are 550 or 553 only. Inputs: {@code
 * VirtualFileSystemFuzzTestInputs/} beside this class in the test resources.
 */
class VirtualFileSystemFuzzTest {

    private static final List<String> FOLDERS = List.of("/", "/docs", "/docs/sub", "/inside-link", "/docs/up");
    private static final Set<Integer> REFUSALS = Set.of(ReplyCode.FILE_UNAVAILABLE.code(),
            ReplyCode.BAD_FILE_NAME.code());

    private static Path root;
    private static VirtualFileSystem fs;

    @FuzzTest
    void resolvesOnlyInsideTheRoot(FuzzedDataProvider data) throws IOException, ReplyException {
        VirtualFileSystem fs = fileSystem();
        String cwd = data.consumeBoolean() ? FOLDERS.get(data.consumeInt(0, FOLDERS.size() - 1))
                : normalized(data.consumeString(64));
        String argument = data.consumeRemainingAsString();

        VirtualFileSystem.Resolved resolved;
        try {
            resolved = fs.resolve(cwd, argument);
        } catch (ReplyException e) {
            assertTrue(REFUSALS.contains(e.reply().code()), e.reply().toString());
            return;
        }

        String virtual = resolved.virtual();
        assertTrue(virtual.startsWith("/"), virtual);
        assertTrue(virtual.equals("/") || !virtual.endsWith("/"), virtual);
        assertFalse(virtual.contains("//") || virtual.contains("\0"), virtual);
        for (String element : virtual.substring(1).split("/")) {
            assertFalse(element.equals(".") || element.equals(".."), virtual);
        }
        assertEquals(virtual, normalized(virtual), "normalizing twice changes nothing");
        assertEquals(virtual, fs.resolve("/", virtual).virtual(), "the virtual path resolves to itself");
        assertEquals(virtual.equals("/") ? root : root.resolve(virtual.substring(1)), resolved.real());

        assertInside(resolved.real());
    }

    /** Where the path leads: the file itself when it exists, else the folder a new file would be made in. */
    private static void assertInside(Path real) {
        try {
            if (Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
                // a dangling link was refused, so toRealPath must succeed
                assertTrue(real.toRealPath().startsWith(root), real + " leads to " + real.toRealPath());
            } else if (Files.exists(real.getParent())) {
                Path parent = real.getParent().toRealPath();
                assertTrue(parent.startsWith(root), real + " would be created in " + parent);
            }
        } catch (IOException e) {
            // a name too long for the kernel, say: nothing can be opened there either
        }
    }

    private static String normalized(String path) {
        try {
            return VirtualFileSystem.normalize("/", path);
        } catch (ReplyException e) {
            return "/";
        }
    }

    private static synchronized VirtualFileSystem fileSystem() {
        if (fs == null) {
            try {
                Path temp = Files.createTempDirectory("ferry-fuzz-vfs");
                Path outside = Files.createDirectories(temp.resolve("outside"));
                Files.writeString(outside.resolve("secret.txt"), "secret");
                Path home = Files.createDirectories(temp.resolve("root"));
                Files.createDirectories(home.resolve("docs/sub"));
                Files.writeString(home.resolve("docs/a.txt"), "a");
                Files.createSymbolicLink(home.resolve("inside-link"), Path.of("docs"));
                Files.createSymbolicLink(home.resolve("outside-link"), outside);
                Files.createSymbolicLink(home.resolve("docs/up"), Path.of(".."));
                Files.createSymbolicLink(home.resolve("docs/escape"), Path.of("../.."));
                Files.createSymbolicLink(home.resolve("docs/secret-link"), outside.resolve("secret.txt"));
                Files.createSymbolicLink(home.resolve("dangling"), temp.resolve("nowhere"));
                root = home.toRealPath();
                fs = VirtualFileSystem.open(home, true);
                // the fixture stays for the JVM's life: fuzzing runs this method millions of times
                temp.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return fs;
    }
}
