package dev.ferry.server.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.protocol.FileFacts;
import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UploadsTest {

    @TempDir
    Path root;

    @Test
    void theHiddenNameIsThePrefixAndTheName() {
        assertEquals(root.resolve(".ferry-upload.report.pdf"), Uploads.temporaryFor(root.resolve("report.pdf")));
        assertTrue(Uploads.isReserved(".ferry-upload.x"));
        assertFalse(Uploads.isReserved("ferry-upload.x"));
        assertFalse(Uploads.isReserved(".ferry-uploadx"));
    }

    @ParameterizedTest
    @ValueSource(ints = {241, 242, 255})
    void aNameTooLongForThePrefixIsHashedWithinTheLimit(int length) {
        String name = "é".repeat(length / 2) + "x".repeat(length % 2); // 2 bytes a character in UTF-8
        Path hidden = Uploads.temporaryFor(root.resolve(name));
        int bytes = hidden.getFileName().toString().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= 255, bytes + " bytes");
        assertTrue(Uploads.isReserved(hidden.getFileName().toString()));
        assertEquals(hidden, Uploads.temporaryFor(root.resolve(name)), "the same name every time, for REST + STOR");
        assertFalse(hidden.equals(Uploads.temporaryFor(root.resolve(name + "y"))));
    }

    @Test
    void aNameThatFitsWithThePrefixIsKept() {
        String name = "n".repeat(255 - Uploads.PREFIX.length());
        assertEquals(Uploads.PREFIX + name, Uploads.temporaryFor(root.resolve(name)).getFileName().toString());
    }

    @Test
    void aFileIsClaimedOnceAtATimeWhateverPathLeadsToIt() throws Exception {
        Files.createDirectories(root.resolve("a"));
        Files.createSymbolicLink(root.resolve("link"), root.resolve("a"));
        try (Uploads.Claim claim = Uploads.claim(root.resolve("a/f"), "/a/f")) {
            ReplyException busy = assertThrows(ReplyException.class, () -> Uploads.claim(root.resolve("link/f"), "/link/f"));
            assertEquals(ReplyCode.FILE_BUSY.code(), busy.reply().code());
            assertEquals("/link/f: being uploaded by another session; try again later", busy.reply().lines().getFirst());
            assertThrows(ReplyException.class, () -> Uploads.requireNotUploading(root.resolve("a/f"), "/a/f"));
            assertEquals(root.toRealPath().resolve("a/.ferry-upload.f"), claim.temporary());
        }
        Uploads.claim(root.resolve("link/f"), "/link/f").close();
        Uploads.requireNotUploading(root.resolve("a/f"), "/a/f");
    }

    @Test
    void theFileSystemNeitherListsNorResolvesHiddenNames() throws IOException, ReplyException {
        Files.writeString(root.resolve("f"), "done");
        Files.writeString(root.resolve(".ferry-upload.f"), "half");
        Files.writeString(root.resolve(".profile"), "dot file");
        VirtualFileSystem fs = VirtualFileSystem.open(root, true);
        assertEquals(java.util.List.of(".profile", "f"), fs.list(root, true).stream().map(FileFacts::name).toList());
        assertEquals(java.util.List.of("f"), fs.list(root, false).stream().map(FileFacts::name).toList());
        for (String path : new String[] {".ferry-upload.f", "/x/../.ferry-upload.f", ".ferry-upload.dir/f"}) {
            ReplyException e = assertThrows(ReplyException.class, () -> fs.resolve("/", path));
            assertEquals(ReplyCode.FILE_UNAVAILABLE.code(), e.reply().code(), path);
        }
    }
}
