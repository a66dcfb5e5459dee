package dev.ferry.cli.client.doctor;

import dev.ferry.client.TraceEvent;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The exchange as a Mermaid sequence diagram, from the client's trace: the client's and the server's ends of
 * the control and the data connections as participants (with their ports), each command and reply, each
 * connection opened and closed, with the time since the start wherever time passed ({@link #TICK} or more
 * since the last time shown). Passwords are masked in the trace already ({@code PASS ****}).
 */
final class SequenceDiagram {

    /** A note with the time is added where at least this much has passed: waits stand out, the rest is quiet. */
    static final long TICK = 10;

    private static final String CLIENT_CONTROL = "CC";
    private static final String SERVER_CONTROL = "SC";
    private static final String CLIENT_DATA = "CD";
    private static final String SERVER_DATA = "SD";

    private SequenceDiagram() {
    }

    static String of(List<TraceEvent> events, Instant started) {
        List<String> lines = new ArrayList<>();
        lines.add("sequenceDiagram");
        lines.add("    participant " + CLIENT_CONTROL + " as Client control" + ports(events, true, false));
        lines.add("    participant " + SERVER_CONTROL + " as Server control" + ports(events, false, false));
        lines.add("    participant " + CLIENT_DATA + " as Client data");
        lines.add("    participant " + SERVER_DATA + " as Server data" + ports(events, false, true));
        long shown = -TICK;
        for (TraceEvent event : events) {
            long ms = Duration.between(started, event.at()).toMillis();
            if (ms - shown >= TICK) {
                lines.add("    Note over " + CLIENT_CONTROL + "," + SERVER_CONTROL + ": +" + ms + " ms");
                shown = ms;
            }
            lines.add("    " + line(event));
        }
        return String.join("\n", lines) + "\n";
    }

    private static String line(TraceEvent event) {
        return switch (event) {
            case TraceEvent.CommandSent c -> CLIENT_CONTROL + "->>" + SERVER_CONTROL + ": " + text(c.line());
            case TraceEvent.ReplyReceived r -> SERVER_CONTROL + "-->>" + CLIENT_CONTROL + ": " + text(r.reply().code()
                    + " " + r.reply().lines().getFirst().strip()
                    + (r.reply().lines().size() > 1 ? " (+" + (r.reply().lines().size() - 1) + " lines)" : ""));
            case TraceEvent.ConnectionOpened o when o.channel() == TraceEvent.Channel.CONTROL ->
                    CLIENT_CONTROL + "->>" + SERVER_CONTROL + ": connect " + address(o.local()) + " to "
                            + address(o.remote());
            case TraceEvent.ConnectionOpened o when o.opener() == TraceEvent.Opener.CLIENT ->
                    CLIENT_DATA + "->>" + SERVER_DATA + ": connect " + address(o.local()) + " to " + address(o.remote());
            case TraceEvent.ConnectionOpened o ->
                    SERVER_DATA + "->>" + CLIENT_DATA + ": connect " + address(o.remote()) + " to " + address(o.local());
            case TraceEvent.ConnectionClosed c when c.channel() == TraceEvent.Channel.CONTROL ->
                    CLIENT_CONTROL + "-x" + SERVER_CONTROL + ": close";
            case TraceEvent.ConnectionClosed c -> CLIENT_DATA + "-x" + SERVER_DATA + ": close";
            case TraceEvent.Listening l -> "Note over " + CLIENT_DATA + ": listening on " + address(l.local())
                    + (l.local().equals(l.announced()) ? "" : ", announced as " + address(l.announced()));
            case TraceEvent.TlsEstablished t when t.channel() == TraceEvent.Channel.CONTROL ->
                    "Note over " + CLIENT_CONTROL + "," + SERVER_CONTROL + ": TLS " + t.protocol() + " "
                            + t.cipherSuite();
            case TraceEvent.TlsEstablished t -> "Note over " + CLIENT_DATA + "," + SERVER_DATA + ": TLS "
                    + t.protocol() + (t.resumed() ? ", session resumed" : ", new session");
            case TraceEvent.Notice n -> "Note over " + CLIENT_CONTROL + "," + SERVER_CONTROL + ": " + text(n.text());
        };
    }

    /**
     * The ports of one end of the control or data connections, in order of first use: " :41234 :41240" (the
     * client connects again after a failed check).
     */
    private static String ports(List<TraceEvent> events, boolean clientEnd, boolean data) {
        Set<Integer> ports = new LinkedHashSet<>();
        for (TraceEvent event : events) {
            if (event instanceof TraceEvent.ConnectionOpened o
                    && (o.channel() == TraceEvent.Channel.DATA) == data) {
                ports.add((clientEnd ? o.local() : o.remote()).getPort());
            }
        }
        return ports.stream().map(p -> " :" + p).collect(Collectors.joining());
    }

    private static String address(InetSocketAddress address) {
        return text(DataFindings.address(address));
    }

    /** Mermaid ends a message at # and ; and reads HTML in it: those are written as its entity codes. */
    static String text(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '#' -> out.append("#35;");
                case ';' -> out.append("#59;");
                case '<' -> out.append("#lt;");
                case '>' -> out.append("#gt;");
                default -> out.append(c < 0x20 ? ' ' : c);
            }
        }
        return out.toString();
    }
}
