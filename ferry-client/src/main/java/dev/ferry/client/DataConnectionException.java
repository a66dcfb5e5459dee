package dev.ferry.client;

import java.util.List;
import java.util.stream.Collectors;

/** No data connection could be opened in any of the modes tried; each failure says why. */
public final class DataConnectionException extends FtpException {

    /** Why one data-connection method failed. */
    public record Failure(DataMethod method, String reason) {
        @Override
        public String toString() {
            return method + ": " + reason;
        }
    }

    private final List<Failure> failures;

    public DataConnectionException(List<Failure> failures) {
        super("no data connection could be opened ("
                + failures.stream().map(Failure::toString).collect(Collectors.joining("; ")) + ")");
        this.failures = List.copyOf(failures);
    }

    public List<Failure> failures() {
        return failures;
    }
}
