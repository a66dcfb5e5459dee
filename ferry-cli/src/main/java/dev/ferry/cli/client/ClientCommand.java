package dev.ferry.cli.client;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A client verb: shares the connection options, and turns any failure into a message and an exit code
 * ({@link ExitCode}), so each verb only says what it does.
 */
abstract class ClientCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            return run().code;
        } catch (Exception e) {
            return Failures.report(e, err()).code;
        }
    }

    /** Does the work; a failure is thrown, a partial success returns its exit code. */
    abstract ExitCode run() throws Exception;

    PrintStream out() {
        return System.out;
    }

    PrintStream err() {
        return System.err;
    }
}
