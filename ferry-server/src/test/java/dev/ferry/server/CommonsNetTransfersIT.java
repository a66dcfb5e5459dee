package dev.ferry.server;

import static dev.ferry.server.CommonsNetFixture.ok;
import static dev.ferry.server.CommonsNetFixture.randomBytes;
import static dev.ferry.server.CommonsNetFixture.retrieve;
import static dev.ferry.server.CommonsNetFixture.store;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** STOR, RETR, APPE and STOU through Commons Net, in each of the four data-connection modes. */
@Timeout(60)
class CommonsNetTransfersIT {

    private static final Pattern STOU_NAME = Pattern.compile("FILE: ([^)\\s]+)");

    private CommonsNetFixture fixture;

    @BeforeEach
    void start() {
        fixture = CommonsNetFixture.start();
    }

    @AfterEach
    void stop() throws IOException {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void storesAndRetrievesBinaryFilesByteForByte(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);
        // every byte value, CR and LF included, and a size that is no multiple of any buffer
        byte[] content = randomBytes(3 * 1024 * 1024 + 17, mode.ordinal());

        store(client, "random.bin", content);

        assertArrayEquals(content, Files.readAllBytes(fixture.root().resolve("random.bin")), "stored bytes");
        assertArrayEquals(content, retrieve(client, "random.bin"), "retrieved bytes");
        fixture.assertOnlyMode(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void storeReplacesAnExistingFile(DataMode mode) throws IOException {
        Files.write(fixture.root().resolve("old.txt"), "a much longer old content".getBytes(StandardCharsets.US_ASCII));
        FTPClient client = fixture.login(mode);

        store(client, "old.txt", "new".getBytes(StandardCharsets.US_ASCII));

        assertEquals("new", Files.readString(fixture.root().resolve("old.txt")));
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void storesAndRetrievesAnEmptyFile(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        store(client, "empty", new byte[0]);

        assertEquals(0, Files.size(fixture.root().resolve("empty")));
        assertArrayEquals(new byte[0], retrieve(client, "empty"));
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void appendAddsToTheEndOfAFileAndCreatesAMissingOne(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);
        store(client, "log.txt", "first line\n".getBytes(StandardCharsets.US_ASCII));

        ok(client, client.appendFile("log.txt", new ByteArrayInputStream("second line\n".getBytes(StandardCharsets.US_ASCII))));
        ok(client, client.appendFile("fresh.txt", new ByteArrayInputStream("only line\n".getBytes(StandardCharsets.US_ASCII))));

        assertEquals("first line\nsecond line\n", Files.readString(fixture.root().resolve("log.txt")));
        assertEquals("only line\n", Files.readString(fixture.root().resolve("fresh.txt")));
        fixture.assertOnlyMode(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void storeUniqueNamesANewFileAndTellsItsName(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);
        byte[] first = "first".getBytes(StandardCharsets.US_ASCII);
        byte[] second = "second".getBytes(StandardCharsets.US_ASCII);

        ok(client, client.storeUniqueFile(new ByteArrayInputStream(first)));
        String firstName = stouName(client);
        ok(client, client.storeUniqueFile(new ByteArrayInputStream(second)));
        String secondName = stouName(client);

        assertNotEquals(firstName, secondName);
        assertArrayEquals(first, Files.readAllBytes(fixture.root().resolve(firstName)));
        assertArrayEquals(second, Files.readAllBytes(fixture.root().resolve(secondName)));
        fixture.assertOnlyMode(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void storeUniqueKeepsAnExistingFileOfTheSuggestedName(DataMode mode) throws IOException {
        Files.writeString(fixture.root().resolve("report.txt"), "keep me");
        FTPClient client = fixture.login(mode);

        ok(client, client.storeUniqueFile("report.txt", new ByteArrayInputStream("new report".getBytes(StandardCharsets.US_ASCII))));
        String name = stouName(client);
        ok(client, client.storeUniqueFile("unused.txt", new ByteArrayInputStream("free name".getBytes(StandardCharsets.US_ASCII))));
        String freeName = stouName(client);

        assertNotEquals("report.txt", name);
        assertTrue(name.startsWith("report.txt"), name);
        assertEquals("keep me", Files.readString(fixture.root().resolve("report.txt")));
        assertEquals("new report", Files.readString(fixture.root().resolve(name)));
        assertEquals("unused.txt", freeName, "a free suggested name is used as it is");
        assertEquals("free name", Files.readString(fixture.root().resolve("unused.txt")));
    }

    /**
     * The name STOU chose: RFC 1123 §4.1.2.9 puts it in the 150 reply ("FILE: name"); Ferry repeats it in the 226.
     */
    private String stouName(FTPClient client) {
        List<Transcript.Entry> entries = fixture.transcript(client).entries();
        String preliminary = entries.stream().filter(e -> !e.command() && e.replyCode() == 150)
                .reduce((a, b) -> b).orElseThrow().text();
        Matcher inPreliminary = STOU_NAME.matcher(preliminary);
        assertTrue(inPreliminary.find(), "150 reply names no file: " + preliminary);
        Matcher inFinal = STOU_NAME.matcher(client.getReplyString());
        assertTrue(inFinal.find(), "226 reply names no file: " + client.getReplyString());
        assertEquals(inPreliminary.group(1), inFinal.group(1));
        return inFinal.group(1);
    }
}
