package dev.ferry.server.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VirtualFileSystemTest {

    @TempDir
    Path temp;
    Path root;
    Path outside;
    VirtualFileSystem fs;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(temp.resolve("root"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createDirectories(root.resolve("docs/sub"));
        fs = VirtualFileSystem.open(root, true);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "/; a; /a",
            "/docs; ../x; /x",
            "/docs; ../../../../etc/passwd; /etc/passwd",
            "/; /../..; /",
            "/docs; .//sub///./f; /docs/sub/f",
            "/docs; /abs; /abs",
            "/; ..\\..\\x; /..\\..\\x",
            "/; %2e%2e/%2e%2e/etc; /%2e%2e/%2e%2e/etc",
            "/; ．．/．．/etc; /．．/．．/etc"})
    void normalizesInsideTheVirtualRoot(String cwd, String argument, String expected) throws ReplyException {
        assertEquals(expected, VirtualFileSystem.normalize(cwd, argument));
    }

    @Test
    void dotDotCannotLeaveTheRoot() throws Exception {
        VirtualFileSystem.Resolved r = fs.resolve("/docs", "../../../outside/secret.txt");
        assertEquals("/outside/secret.txt", r.virtual());
        assertEquals(root.toRealPath().resolve("outside/secret.txt"), r.real());
    }

    @Test
    void refusesNul() {
        ReplyException e = assertThrows(ReplyException.class, () -> fs.resolve("/", "a\0b"));
        assertEquals(ReplyCode.BAD_FILE_NAME.code(), e.reply().code());
    }

    @Test
    void refusesSymlinksThatLeaveTheRoot() throws Exception {
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.createSymbolicLink(root.resolve("docs/file-escape"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("not-yet"));
        for (String path : new String[] {"escape", "escape/secret.txt", "escape/new.txt", "docs/file-escape",
                "dangling", "/escape/../escape/secret.txt"}) {
            ReplyException e = assertThrows(ReplyException.class, () -> fs.resolve("/", path), path);
            assertEquals(550, e.reply().code());
            assertEquals(false, e.reply().text().contains(outside.toString()), "reply shows no real path");
        }
    }

    @Test
    void followsSymlinksThatStayInside() throws Exception {
        Files.createSymbolicLink(root.resolve("shortcut"), root.resolve("docs/sub"));
        assertEquals("/shortcut/x", fs.resolve("/", "shortcut/x").virtual());
    }

    @Test
    void listsWithoutEscapingLinksOrHiddenFiles() throws Exception {
        Files.writeString(root.resolve("a.txt"), "hello");
        Files.writeString(root.resolve(".hidden"), "");
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.createSymbolicLink(root.resolve("inside"), root.resolve("a.txt"));
        var names = fs.list(root, false).stream().map(dev.ferry.protocol.FileFacts::name).toList();
        assertEquals(java.util.List.of("a.txt", "docs", "inside"), names);
        assertEquals(5, fs.list(root, true).stream().filter(f -> f.name().equals("inside")).findFirst().orElseThrow().size());
        assertEquals(4, fs.list(root, true).size());
    }
}
