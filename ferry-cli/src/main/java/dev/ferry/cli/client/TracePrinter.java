package dev.ferry.cli.client;

import dev.ferry.client.TraceEvent;
import dev.ferry.client.TraceListener;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Prints the client's trace for {@code --verbose}: every command, reply and connection with a timestamp.
 * Without it only notices are printed: what the client decided on its own (a data-mode switch, a 227
 * address it did not trust), which a user should know even when all went well; {@code --quiet} hides them
 * too. When several sessions share the output (a segmented download) each line starts with its label.
 */
public final class TracePrinter implements TraceListener {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private final PrintStream out;
    private final boolean verbose;
    private final boolean quiet;
    private final String label;

    public TracePrinter(PrintStream out, boolean verbose, boolean quiet, String label) {
        this.out = out;
        this.verbose = verbose;
        this.quiet = quiet;
        this.label = label.isEmpty() ? "" : label + " ";
    }

    @Override
    public void onEvent(TraceEvent event) {
        if (!verbose) {
            if (event instanceof TraceEvent.Notice notice && !quiet) {
                out.println("ferry: " + label + notice.text());
            }
            return;
        }
        String line = switch (event) {
            case TraceEvent.CommandSent c -> "> " + c.line();
            case TraceEvent.ReplyReceived r -> "< " + r.reply().code() + " "
                    + String.join("\n" + " ".repeat(19), r.reply().lines());
            case TraceEvent.ConnectionOpened o -> "* " + o.channel().name().toLowerCase() + " connection "
                    + (o.opener() == TraceEvent.Opener.CLIENT
                        ? address(o.local()) + " -> " + address(o.remote())
                        : address(o.remote()) + " -> " + address(o.local()) + " (opened by the server)");
            case TraceEvent.ConnectionClosed c -> "* " + c.channel().name().toLowerCase() + " connection "
                    + address(c.local()) + " -- " + address(c.remote()) + " closed";
            case TraceEvent.Listening l -> "* listening on " + address(l.local())
                    + (l.local().equals(l.announced()) ? "" : ", announced as " + address(l.announced()));
            case TraceEvent.TlsEstablished t -> "* " + t.channel().name().toLowerCase() + " connection secured: "
                    + t.protocol() + " " + t.cipherSuite() + (t.channel() == TraceEvent.Channel.CONTROL ? ""
                        : t.resumed() ? ", session resumed" : ", new session (not resumed)");
            case TraceEvent.Notice n -> "! " + n.text();
        };
        out.println(TIME.format(event.at()) + " " + label + line);
    }

    private static String address(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
