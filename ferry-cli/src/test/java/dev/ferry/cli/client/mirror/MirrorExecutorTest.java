package dev.ferry.cli.client.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.client.DataConnectionException;
import dev.ferry.client.DataMethod;
import dev.ferry.client.FtpReplyException;
import dev.ferry.protocol.Reply;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which failures cost a worker its session: only those after which the conversation may be out of step. */
class MirrorExecutorTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new FtpReplyException("STOR a", new Reply(550, List.of("Permission denied"))), false),
                Arguments.of(new FtpReplyException("RETR a", new Reply(451, List.of("Local error"))), false),
                Arguments.of(new FtpReplyException("STOR a", new Reply(421, List.of("Closing"))), true),
                Arguments.of(new DataConnectionException(List.of(
                        new DataConnectionException.Failure(DataMethod.EPSV, "refused"))), false),
                Arguments.of(new AccessDeniedException("/here/a"), false),
                Arguments.of(new SocketTimeoutException("Read timed out"), true),
                Arguments.of(new EOFException("the server closed the connection"), true),
                Arguments.of(new IOException("Connection reset"), true),
                Arguments.of(new IllegalStateException("a bug"), false));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void replacesTheSessionOnlyWhenItMayBeOutOfStep(Exception failure, boolean outOfStep) {
        assertEquals(outOfStep, MirrorExecutor.outOfStep(failure));
    }
}
