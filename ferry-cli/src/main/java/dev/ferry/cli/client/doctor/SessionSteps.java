package dev.ferry.cli.client.doctor;

import dev.ferry.cli.client.Failures;
import dev.ferry.client.TlsMode;
import dev.ferry.client.TraceEvent;
import dev.ferry.protocol.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The steps before any data connection (control connection, TLS, greeting, login, FEAT), read from the
 * trace of one {@code FtpClient.connect} and the exception it threw, if any: the connect is one call, and
 * its trace says how far it got and how long each part took.
 */
final class SessionSteps {

    private final List<TraceEvent> events;
    private final Optional<Exception> failure;
    private final Instant ended;
    private final List<Step> steps = new ArrayList<>();
    private boolean failed;

    private SessionSteps(List<TraceEvent> events, Optional<Exception> failure, Instant ended) {
        this.events = events;
        this.failure = failure;
        this.ended = ended;
    }

    /**
     * The session's steps: {@code events} from {@code started} to {@code ended}, when the connect returned or
     * threw {@code failure}. The first step that did not complete fails with the exception's message and hint;
     * the ones after it are skipped. {@code trust} says how the certificate was checked, for TLS.
     */
    static List<Step> read(List<TraceEvent> events, Instant started, Instant ended, Optional<Exception> failure,
                           TlsMode tls, String trust, String server) {
        return new SessionSteps(events, failure, ended).read(started, tls, trust, server);
    }

    private List<Step> read(Instant started, TlsMode tls, String trust, String server) {
        Optional<TraceEvent.ConnectionOpened> opened = first(TraceEvent.ConnectionOpened.class,
                o -> o.channel() == TraceEvent.Channel.CONTROL);
        add("connect", "control connection", started, opened.map(TraceEvent::at), opened.isPresent(),
                opened.map(o -> DataFindings.address(o.local()) + " -> " + DataFindings.address(o.remote()))
                        .orElse(server));
        Instant connected = opened.map(TraceEvent::at).orElse(started);
        Optional<TraceEvent.TlsEstablished> secured = first(TraceEvent.TlsEstablished.class,
                t -> t.channel() == TraceEvent.Channel.CONTROL);
        if (tls == TlsMode.IMPLICIT) {
            addTls(connected, secured, trust, "TLS from the first byte (implicit FTPS)");
        }
        Optional<TraceEvent.ReplyReceived> greeting = first(TraceEvent.ReplyReceived.class,
                r -> !r.reply().isPreliminary());
        Instant greeted = greeting.map(TraceEvent::at).orElse(connected);
        add("greeting", "greeting", secured.filter(s -> tls == TlsMode.IMPLICIT).map(TraceEvent::at).orElse(connected),
                greeting.map(TraceEvent::at), greeting.filter(g -> g.reply().isPositive()).isPresent(),
                greeting.map(g -> DataFindings.oneLine(g.reply())).orElse("no greeting"));
        if (tls == TlsMode.EXPLICIT) {
            Instant auth = sent("AUTH TLS").map(TraceEvent::at).orElse(greeted);
            addTls(auth, secured, trust, "AUTH TLS (explicit FTPS)");
        }
        Optional<TraceEvent.CommandSent> user = sent("USER ");
        Optional<TraceEvent.ReplyReceived> loggedIn = sent("PASS ").or(() -> user).flatMap(this::replyAfter);
        add("login", "login", user.map(TraceEvent::at).orElse(greeted), loggedIn.map(TraceEvent::at),
                loggedIn.filter(r -> r.reply().code() == 230 || r.reply().code() == 202).isPresent(),
                loggedIn.map(r -> DataFindings.oneLine(r.reply())).orElse("not logged in"));
        Optional<TraceEvent.CommandSent> feat = sent("FEAT");
        Optional<TraceEvent.ReplyReceived> features = feat.flatMap(this::replyAfter);
        add("feat", "FEAT", feat.map(TraceEvent::at).orElse(ended), features.map(TraceEvent::at),
                features.isPresent() && failure.isEmpty(), features.map(f -> featureList(f.reply())).orElse("-"));
        return steps;
    }

    /** The steps, all skipped: for a diagnosis that stopped before connecting. */
    static List<Step> skipped(TlsMode tls) {
        List<Step> skipped = new ArrayList<>(List.of(Step.skipped("connect", "control connection", "not reached"),
                Step.skipped("greeting", "greeting", "not reached")));
        if (tls.isTls()) {
            skipped.add(tls == TlsMode.IMPLICIT ? 1 : 2, Step.skipped("tls", "TLS", "not reached"));
        }
        skipped.add(Step.skipped("login", "login", "not reached"));
        skipped.add(Step.skipped("feat", "FEAT", "not reached"));
        return skipped;
    }

    private void addTls(Instant from, Optional<TraceEvent.TlsEstablished> secured, String trust, String how) {
        add("tls", "TLS", from, secured.map(TraceEvent::at), secured.isPresent(),
                secured.map(t -> t.protocol() + " " + t.cipherSuite() + ", certificate " + trust + "; " + how)
                        .orElse(how));
    }

    /**
     * Adds a step: ok when {@code done}; else the first to fail, with the connect's exception as its cause;
     * skipped after a failure.
     */
    private void add(String id, String name, Instant from, Optional<Instant> to, boolean done, String seen) {
        if (failed) {
            steps.add(Step.skipped(id, name, "not reached"));
            return;
        }
        Duration elapsed = Duration.between(from, to.orElse(ended));
        if (done) {
            steps.add(Step.ok(id, name, elapsed, seen));
            return;
        }
        failed = true;
        Exception e = failure.orElseThrow(() -> new IllegalStateException(name + " did not complete, yet the "
                + "connect did not fail"));
        String cause = Failures.message(e);
        steps.add(Step.fail(id, name, elapsed, seen, new Step.Advice(
                Character.toUpperCase(cause.charAt(0)) + cause.substring(1), Failures.hint(e), Optional.empty())));
    }

    private <T extends TraceEvent> Optional<T> first(Class<T> type, Predicate<T> test) {
        return events.stream().filter(type::isInstance).map(type::cast).filter(test).findFirst();
    }

    private Optional<TraceEvent.CommandSent> sent(String prefix) {
        return first(TraceEvent.CommandSent.class, c -> c.line().startsWith(prefix));
    }

    /** The final reply to a command. */
    private Optional<TraceEvent.ReplyReceived> replyAfter(TraceEvent.CommandSent command) {
        return events.subList(events.indexOf(command) + 1, events.size()).stream()
                .filter(e -> e instanceof TraceEvent.ReplyReceived r && !r.reply().isPreliminary())
                .map(TraceEvent.ReplyReceived.class::cast).findFirst();
    }

    /** The features a 211 reply lists, by name; or what a server without FEAT implies. */
    static String featureList(Reply reply) {
        if (reply.code() != 211) {
            return DataFindings.oneLine(reply) + " (no FEAT: an RFC 959 server, likely without EPSV and MLSD)";
        }
        List<String> names = reply.lines().subList(1, Math.max(1, reply.lines().size() - 1)).stream()
                .map(String::strip).filter(l -> !l.isEmpty()).map(l -> l.split(" ", 2)[0]).sorted().toList();
        return names.isEmpty() ? "211, no features" : String.join(" ", names);
    }
}
