package dev.ferry.cli.client.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.cli.client.shell.ShellCompleter.Suggestion;
import dev.ferry.client.RemoteFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellCompletionTest {

    private static final Map<String, List<RemoteFile>> TREE = Map.of(
            "/", List.of(file("summer.txt"), directory("subdir"), file("winter.txt"), file(".hidden"),
                    file("my file.txt"), directory("docs")),
            "/subdir", List.of(file("inner.bin"), directory("deeper")),
            "/docs", List.of(file("readme.md")));

    private final List<String> listed = new ArrayList<>();
    private String workingDirectory = "/";
    private RemoteListings listings;
    private ShellCompleter completer;
    @TempDir
    Path local;

    @BeforeEach
    void setUp() throws IOException {
        listings = new RemoteListings(directory -> {
            listed.add(directory);
            List<RemoteFile> files = TREE.get(directory);
            if (files == null) {
                throw new IOException("550 " + directory + ": no such directory");
            }
            return files;
        });
        completer = new ShellCompleter(ShellVerbs.ALL, new RemotePathCompleter(listings, () -> workingDirectory),
                new LocalPathCompleter(() -> local));
        Files.createDirectories(local.resolve("photos"));
        Files.writeString(local.resolve("notes.txt"), "n");
        Files.writeString(local.resolve("notes two.txt"), "n");
        Files.writeString(local.resolve(".profile"), "p");
        Files.writeString(local.resolve("photos/cat.jpg"), "c");
    }

    private static RemoteFile file(String name) {
        return new RemoteFile(name, RemoteFile.Type.FILE, 1, Optional.empty(), "", "", Optional.empty());
    }

    private static RemoteFile directory(String name) {
        return new RemoteFile(name, RemoteFile.Type.DIRECTORY, -1, Optional.empty(), "", "", Optional.empty());
    }

    private List<Suggestion> complete(String... words) {
        List<String> all = List.of(words);
        return completer.complete(all.subList(0, all.size() - 1), all.getLast());
    }

    private static List<String> values(List<Suggestion> suggestions) {
        return suggestions.stream().map(Suggestion::value).toList();
    }

    @Test
    void firstWordCompletesToVerbs() {
        assertEquals(List.of("get"), values(complete("ge")));
        assertEquals(List.of("mget", "mkdir", "mput", "mv"), values(complete("m")));
        assertEquals(List.of(), values(complete("zz")));
    }

    @Test
    void remoteArgumentsCompleteFromTheListing() {
        assertEquals(List.of(new Suggestion("subdir/", false), new Suggestion("summer.txt", true)), complete("get", "su"));
        assertEquals(List.of("summer.txt"), values(complete("get", "sum")));
        assertEquals(List.of("my file.txt"), values(complete("rm", "my")));
    }

    @Test
    void completesInsideTheTypedDirectory() {
        assertEquals(List.of("subdir/deeper/", "subdir/inner.bin"), values(complete("get", "subdir/")));
        assertEquals(List.of("/docs/readme.md"), values(complete("get", "/docs/r")));
        workingDirectory = "/docs";
        assertEquals(List.of("../subdir/", "../summer.txt"), values(complete("get", "../su")));
        assertEquals(List.of("readme.md"), values(complete("get", "")));
    }

    @Test
    void hiddenNamesOnlyOnceADotIsTyped() {
        assertEquals(List.of("docs/", "my file.txt", "subdir/", "summer.txt", "winter.txt"), values(complete("ls", "")));
        assertEquals(List.of(".hidden"), values(complete("get", ".")));
    }

    @Test
    void cdAndRmdirOfferOnlyDirectories() {
        assertEquals(List.of("docs/", "subdir/"), values(complete("cd", "")));
        assertEquals(List.of("subdir/"), values(complete("rmdir", "s")));
    }

    @Test
    void laterArgumentsFollowTheVerbsRow() {
        assertEquals(List.of("summer.txt"), values(complete("mget", "winter.txt", "sum")), "mget repeats");
        assertEquals(List.of("notes two.txt", "notes.txt"), values(complete("get", "summer.txt", "no")), "LOCAL");
        assertEquals(List.of(), values(complete("get", "summer.txt", "x", "")), "nothing beyond the row");
        assertEquals(List.of("off", "on"), values(complete("verbose", "o")));
        assertEquals(List.of("mget", "mkdir", "mput", "mv"), values(complete("help", "m")));
        assertEquals(List.of(), values(complete("frobnicate", "")));
    }

    @Test
    void localArgumentsCompleteFromTheLocalDirectory() {
        assertEquals(List.of(new Suggestion("notes two.txt", true), new Suggestion("notes.txt", true),
                new Suggestion("photos/", false)), complete("put", ""));
        assertEquals(List.of("photos/cat.jpg"), values(complete("put", "photos/")));
        assertEquals(List.of(".profile"), values(complete("mput", ".p")));
        assertEquals(List.of("photos/"), values(complete("lcd", "")));
        assertEquals(List.of(), values(complete("put", "missing/")));
    }

    @Test
    void listsEachDirectoryOnceUntilItChanges() {
        complete("get", "s");
        complete("get", "su");
        complete("get", "subdir/");
        complete("get", "w");
        assertEquals(List.of("/", "/subdir"), listed);
        listings.forget("/");
        complete("get", "s");
        assertEquals(List.of("/", "/subdir", "/"), listed);
        listings.forgetAll();
        complete("get", "subdir/");
        assertEquals(List.of("/", "/subdir", "/", "/subdir"), listed);
    }

    @Test
    void aFailedListingOffersNothingAndIsNotKept() {
        assertEquals(List.of(), complete("get", "nowhere/x"));
        assertEquals(List.of(), complete("get", "nowhere/x"));
        assertEquals(List.of("/nowhere", "/nowhere"), listed);
    }
}
