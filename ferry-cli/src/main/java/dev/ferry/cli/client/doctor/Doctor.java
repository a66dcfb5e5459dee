package dev.ferry.cli.client.doctor;

import dev.ferry.cli.client.Failures;
import dev.ferry.cli.client.FtpUrl;
import dev.ferry.client.CertificateTrust;
import dev.ferry.client.ClientOptions;
import dev.ferry.client.Credentials;
import dev.ferry.client.DataProbe;
import dev.ferry.client.FtpClient;
import dev.ferry.client.TraceEvent;
import dev.ferry.client.TraceListener;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Diagnoses one server from here: resolves its name, connects and logs in (each part a step, read from the
 * trace), then lists the URL's folder over each data method alone ({@link FtpClient#probe}). After a probe
 * that failed the session may be out of step, so the next probe gets a new one.
 */
final class Doctor {

    private final FtpUrl url;
    private final Credentials credentials;
    private final ClientOptions options;
    private final List<TraceEvent> events = new CopyOnWriteArrayList<>();
    private final List<Step> steps = new ArrayList<>();

    /** {@code options}' trace sees every event too (for --verbose). */
    Doctor(FtpUrl url, Credentials credentials, ClientOptions options) {
        this.url = url;
        this.credentials = credentials;
        TraceListener shown = options.trace();
        TraceListener kept = event -> {
            events.add(event);
            shown.onEvent(event);
        };
        this.options = options.toBuilder().trace(kept).build();
    }

    Diagnosis run() {
        Instant started = Instant.now();
        Recommendation recommendation = diagnose();
        return new Diagnosis(url.toString(), steps, recommendation, started, events);
    }

    private Recommendation diagnose() {
        long resolving = System.nanoTime();
        try {
            InetAddress[] addresses = InetAddress.getAllByName(url.host());
            String all = Arrays.stream(addresses).map(InetAddress::getHostAddress).distinct()
                    .collect(Collectors.joining(", "));
            steps.add(Step.ok("resolve", "name resolution", since(resolving), all.equals(url.host())
                    ? all + " (an address: nothing to look up)" : url.host() + " is " + all));
        } catch (UnknownHostException e) {
            Step failed = Step.fail("resolve", "name resolution", since(resolving), url.host(), new Step.Advice(
                    "The name " + url.host() + " cannot be resolved to an address",
                    "check the host name in the URL, and this machine's DNS settings", null));
            steps.add(failed);
            steps.addAll(SessionSteps.skipped(url.tls()));
            return stopAt(failed, e);
        }
        Instant connecting = Instant.now();
        FtpClient ftp;
        try {
            ftp = connect();
        } catch (IOException e) {
            steps.addAll(session(connecting, Optional.of(e)));
            return stopAt(steps.stream().filter(s -> s.verdict() == Step.Verdict.FAIL).findFirst().orElseThrow(), e);
        }
        steps.addAll(session(connecting, Optional.empty()));
        probeAll(ftp);
        return Recommendation.of(steps);
    }

    /** The session's steps, read from the trace of the connect that started at {@code connecting}. */
    private List<Step> session(Instant connecting, Optional<Exception> failure) {
        return SessionSteps.read(List.copyOf(events), connecting, Instant.now(), failure, url.tls(), trust(),
                url.host() + ":" + url.port());
    }

    /** The diagnosis ends at {@code failed}: the data checks are skipped, and the fix is the failed step's. */
    private Recommendation stopAt(Step failed, Exception failure) {
        for (DataCheck check : DataCheck.values()) {
            steps.add(Step.skipped(check.id(), check.label(), "not reached"));
        }
        return Recommendation.fixFirst(failed, Failures.classify(failure));
    }

    private FtpClient connect() throws IOException {
        return FtpClient.connect(url.host(), url.port(), credentials, options);
    }

    /** One listing per data method; {@code ftp} is logged in, and closed at the end. */
    private void probeAll(FtpClient first) {
        FtpClient ftp = first;
        InetAddress server = ftp.serverAddress().getAddress();
        for (DataCheck check : DataCheck.values()) {
            Optional<Step> decided = decidedWithoutProbe(check, server);
            if (decided.isPresent()) {
                steps.add(decided.get());
                continue;
            }
            long start = System.nanoTime();
            if (ftp == null) {
                try {
                    ftp = connect();
                } catch (IOException e) {
                    steps.add(Step.fail(check.id(), check.label(), since(start), "could not connect again",
                            new Step.Advice("Connecting again for this check failed: " + Failures.message(e),
                                    Failures.hint(e), Optional.empty())));
                    continue;
                }
            }
            long probing = System.nanoTime();
            DataProbe probe = ftp.probe(check.method(), check.trustsPassiveAddress(), url.path());
            Step step = DataFindings.step(check, probe, server, since(probing), options.connectTimeout());
            steps.add(step);
            if (!probe.worked()) {
                // in the exchange, for the diagram: a failed connection leaves no event of its own
                options.trace().onEvent(new TraceEvent.Notice(Instant.now(), check.label() + " failed: "
                        + step.seen()));
                close(ftp);
                ftp = null;
            }
        }
        if (ftp != null) {
            close(ftp);
        }
        if (url.tls().isTls()) {
            steps.add(dataTls());
        }
    }

    /**
     * A check that need not run: PASV and PORT over IPv6; PASV fixed when PASV was refused, or when the 227
     * reply named the address the client reached anyway (then it is the same test as PASV as announced).
     */
    private Optional<Step> decidedWithoutProbe(DataCheck check, InetAddress server) {
        if (check.ipv4Only() && server instanceof Inet6Address) {
            return Optional.of(Step.skipped(check.id(), check.label(), "over IPv6 there are only EPSV and EPRT"));
        }
        if (check != DataCheck.PASV_FIXED) {
            return Optional.empty();
        }
        Step announced = steps.stream().filter(s -> s.id().equals(DataCheck.PASV_ANNOUNCED.id())).findFirst()
                .orElseThrow();
        Optional<DataProbe> probe = announced.probe();
        if (probe.isEmpty() || probe.get().announced().isEmpty()) {
            return Optional.of(Step.skipped(check.id(), check.label(), "no 227 reply to take the port from"));
        }
        if (DataFindings.passiveAddressDiffers(probe.get(), server)) {
            return Optional.empty();
        }
        return Optional.of(new Step(check.id(), check.label(), announced.verdict(), Duration.ZERO,
                "the 227 reply named the address you reached: as PASV as announced",
                announced.cause().map(c -> "as for PASV as announced"), announced.fix(), announced.workaround(),
                Optional.empty()));
    }

    /** Whether data connections resumed the control connection's TLS session, as many servers insist. */
    private Step dataTls() {
        List<TraceEvent.TlsEstablished> data = events.stream()
                .filter(e -> e instanceof TraceEvent.TlsEstablished t && t.channel() == TraceEvent.Channel.DATA)
                .map(TraceEvent.TlsEstablished.class::cast).toList();
        if (data.isEmpty()) {
            Optional<Step> tlsFailure = steps.stream().filter(s -> s.probe().map(p -> p.detail().contains("TLS"))
                    .orElse(false) && !s.worked()).findFirst();
            return tlsFailure.map(s -> Step.fail("tls-data", "TLS data session", Duration.ZERO, s.seen(),
                            new Step.Advice(s.cause().orElse(""), s.fix(), s.workaround())))
                    .orElse(Step.skipped("tls-data", "TLS data session", "no data connection was opened"));
        }
        boolean resumed = data.stream().allMatch(TraceEvent.TlsEstablished::resumed);
        return Step.ok("tls-data", "TLS data session", Duration.ZERO, data.getFirst().protocol() + ", "
                + (resumed ? "the data connections resumed the control connection's session"
                        : "a new session on the data connections (not resumed): fine for this server, "
                        + "though many insist on resumption"));
    }

    private String trust() {
        return switch (options.trust()) {
            case CertificateTrust.SystemTrustStore s -> "trusted (system trust store, host name checked)";
            case CertificateTrust.Pinned p -> "trusted (pinned " + p.fingerprint() + ")";
            case CertificateTrust.Insecure i -> "NOT checked (--insecure)";
        };
    }

    private static void close(FtpClient ftp) {
        try {
            ftp.close();
        } catch (IOException e) {
            // the diagnosis is made; a session that ends badly changes nothing in it
        }
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }
}
