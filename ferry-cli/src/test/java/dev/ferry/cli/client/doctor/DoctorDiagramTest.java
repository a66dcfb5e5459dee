package dev.ferry.cli.client.doctor;

import static dev.ferry.cli.client.doctor.DoctorFindingsTest.reply;
import static dev.ferry.cli.client.doctor.DoctorFindingsTest.socket;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.client.TraceEvent;
import dev.ferry.client.TraceEvent.Channel;
import dev.ferry.client.TraceEvent.Opener;
import dev.ferry.protocol.Reply;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Mermaid sequence diagram of an exchange, from a fixed trace with fixed times. */
class DoctorDiagramTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant at(long millis) {
        return START.plusMillis(millis);
    }

    @Test
    void drawsEveryCommandReplyAndConnectionWithTheTimeWhereTenMillisecondsPassed() {
        List<TraceEvent> events = List.of(
                new TraceEvent.ConnectionOpened(at(2), Channel.CONTROL, Opener.CLIENT, socket("127.0.0.1:41234"),
                        socket("127.0.0.1:21")),
                new TraceEvent.ReplyReceived(at(5), reply(220, "Ferry ready")),
                new TraceEvent.CommandSent(at(5), "AUTH TLS"),
                new TraceEvent.ReplyReceived(at(6), reply(234, "AUTH TLS ok")),
                new TraceEvent.TlsEstablished(at(30), Channel.CONTROL, "TLSv1.3", "TLS_AES_128_GCM_SHA256", false),
                new TraceEvent.CommandSent(at(30), "USER alice"),
                new TraceEvent.ReplyReceived(at(31), reply(331, "Password?")),
                new TraceEvent.CommandSent(at(31), "PASS ****"),
                new TraceEvent.ReplyReceived(at(42), reply(230, "Logged in")),
                new TraceEvent.CommandSent(at(42), "FEAT"),
                new TraceEvent.ReplyReceived(at(43), new Reply(211, List.of("Features:", " EPSV", " MLST type*;", "End"))),
                new TraceEvent.CommandSent(at(43), "EPSV"),
                new TraceEvent.ReplyReceived(at(44), reply(229, "Entering Extended Passive Mode (|||50012|)")),
                new TraceEvent.Notice(at(4047), "EPSV failed: 229 port 50012: connecting timed out after 4s"),
                new TraceEvent.CommandSent(at(4047), "QUIT"),
                new TraceEvent.ReplyReceived(at(4048), reply(221, "Bye")),
                new TraceEvent.ConnectionClosed(at(4048), Channel.CONTROL, socket("127.0.0.1:41234"),
                        socket("127.0.0.1:21")),
                new TraceEvent.ConnectionOpened(at(4050), Channel.CONTROL, Opener.CLIENT, socket("127.0.0.1:41240"),
                        socket("127.0.0.1:21")),
                new TraceEvent.CommandSent(at(4060), "EPRT |1|127.0.0.1|45000|"),
                new TraceEvent.Listening(at(4060), socket("127.0.0.1:45000"), socket("127.0.0.1:45000")),
                new TraceEvent.ReplyReceived(at(4061), reply(200, "EPRT ok")),
                new TraceEvent.CommandSent(at(4061), "MLSD"),
                new TraceEvent.ConnectionOpened(at(4062), Channel.DATA, Opener.SERVER, socket("127.0.0.1:45000"),
                        socket("127.0.0.1:20")),
                new TraceEvent.TlsEstablished(at(4063), Channel.DATA, "TLSv1.3", "TLS_AES_128_GCM_SHA256", true),
                new TraceEvent.ReplyReceived(at(4063), reply(150, "Here it comes; #1 <list>")),
                new TraceEvent.ConnectionClosed(at(4064), Channel.DATA, socket("127.0.0.1:45000"), socket("127.0.0.1:20")),
                new TraceEvent.ReplyReceived(at(4064), reply(226, "Done")));
        assertEquals("""
                sequenceDiagram
                    participant CC as Client control :41234 :41240
                    participant SC as Server control :21
                    participant CD as Client data
                    participant SD as Server data :20
                    Note over CC,SC: +2 ms
                    CC->>SC: connect 127.0.0.1:41234 to 127.0.0.1:21
                    SC-->>CC: 220 Ferry ready
                    CC->>SC: AUTH TLS
                    SC-->>CC: 234 AUTH TLS ok
                    Note over CC,SC: +30 ms
                    Note over CC,SC: TLS TLSv1.3 TLS_AES_128_GCM_SHA256
                    CC->>SC: USER alice
                    SC-->>CC: 331 Password?
                    CC->>SC: PASS ****
                    Note over CC,SC: +42 ms
                    SC-->>CC: 230 Logged in
                    CC->>SC: FEAT
                    SC-->>CC: 211 Features: (+3 lines)
                    CC->>SC: EPSV
                    SC-->>CC: 229 Entering Extended Passive Mode (|||50012|)
                    Note over CC,SC: +4047 ms
                    Note over CC,SC: EPSV failed: 229 port 50012: connecting timed out after 4s
                    CC->>SC: QUIT
                    SC-->>CC: 221 Bye
                    CC-xSC: close
                    CC->>SC: connect 127.0.0.1:41240 to 127.0.0.1:21
                    Note over CC,SC: +4060 ms
                    CC->>SC: EPRT |1|127.0.0.1|45000|
                    Note over CD: listening on 127.0.0.1:45000
                    SC-->>CC: 200 EPRT ok
                    CC->>SC: MLSD
                    SD->>CD: connect 127.0.0.1:20 to 127.0.0.1:45000
                    Note over CD,SD: TLS TLSv1.3, session resumed
                    SC-->>CC: 150 Here it comes#59; #35;1 #lt;list#gt;
                    CD-xSD: close
                    SC-->>CC: 226 Done
                """, SequenceDiagram.of(events, START));
    }
}
