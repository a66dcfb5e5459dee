package dev.ferry.server;

import static dev.ferry.server.CommonsNetFixture.randomBytes;
import static dev.ferry.server.CommonsNetFixture.retrieve;
import static dev.ferry.server.CommonsNetFixture.store;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A hundred transfers on one session, STOR and RETR in turn: every one correct, no passive port kept. */
@Timeout(60)
class CommonsNetManyTransfersIT {

    private static final int TRANSFERS = 100;

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
    void hundredTransfersOnOneSessionAreAllCorrect(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);
        Random sizes = new Random(mode.ordinal());
        List<byte[]> contents = new ArrayList<>();

        for (int i = 0; i < TRANSFERS; i++) {
            int file = i / 2;
            if (i % 2 == 0) {
                byte[] content = randomBytes(sizes.nextInt(20_000), i);
                contents.add(content);
                store(client, "file-" + file, content);
            } else {
                assertArrayEquals(contents.get(file), retrieve(client, "file-" + file), "transfer " + i);
            }
            assertEquals(0, fixture.server().server().leasedPassivePorts(), "passive port still leased after transfer " + i);
        }

        for (int file = 0; file < contents.size(); file++) {
            assertArrayEquals(contents.get(file), Files.readAllBytes(fixture.root().resolve("file-" + file)));
        }
        assertEquals(TRANSFERS / 2, client.listNames().length);
        long dataConnections = fixture.transcript(client).verbs().stream().filter(mode.verb()::equals).count();
        assertEquals(TRANSFERS + 1, dataConnections, "one data connection per transfer and one for the listing");
        fixture.assertOnlyMode(client, mode);
    }
}
