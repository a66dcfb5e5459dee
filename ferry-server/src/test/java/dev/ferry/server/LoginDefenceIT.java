package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.config.Cidr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * Login defence: failed logins from one address, over all its sessions, ban it (421 at connect); other
 * addresses and ban-allow are left alone; unknown names and wrong passwords look the same; a client may not
 * talk on before login.
 */
class LoginDefenceIT {

    private static final InetAddress GUESSER = address("127.0.0.2");
    private static final InetAddress NEIGHBOUR = address("127.0.0.3");

    @Test
    void failedLoginsOverSeveralSessionsBanTheAddressAndOnlyIt() {
        LogCapture capture = new LogCapture(Level.INFO);
        try (capture;
             TestServer server = TestServer.start(b -> b.banAfter(4).maxLoginAttempts(2))) {
            try (RawFtp first = RawFtp.connect(GUESSER, server.port())) {
                failLogin(first, 530);
                failLogin(first, 421); // max-login-attempts closes the session, not yet a ban
                first.assertClosedByServer();
            }
            try (RawFtp second = RawFtp.connect(GUESSER, server.port())) {
                second.expect(220, second.greeting()); // reconnecting does not reset the count
                failLogin(second, 530);
                RawFtp.Reply banned = failLogin(second, 421);
                assertTrue(banned.text().contains("from your address"), banned::toString);
                second.assertClosedByServer();
            }
            try (RawFtp again = RawFtp.connect(GUESSER, server.port())) {
                RawFtp.Reply refusal = again.expect(421, again.greeting());
                assertTrue(refusal.text().contains("try again in 15m"), refusal::toString);
                again.assertClosedByServer();
            }
            for (InetAddress other : List.of(NEIGHBOUR, RawFtp.LOOPBACK)) {
                try (RawFtp ftp = RawFtp.connect(other, server.port())) {
                    ftp.expect(220, ftp.greeting());
                    ftp.expect(331, ftp.send("USER " + TestServer.USER));
                    ftp.expect(230, ftp.send("PASS " + TestServer.PASSWORD));
                    ftp.expect(221, ftp.send("QUIT"));
                }
            }
        }
        List<String> log = capture.lines();
        List<String> bans = log.stream().filter(l -> l.contains("banned ")).toList();
        assertEquals(1, bans.size(), () -> "expected one line per ban:\n" + String.join("", log));
        assertTrue(bans.get(0).contains("WARNING") && bans.get(0).contains("banned 127.0.0.2 for 15m after 4 failed logins"),
                bans::toString);
    }

    @Test
    void aBanEndsTheGuessingOfSessionsOpenedBeforeIt() {
        try (TestServer server = TestServer.start(b -> b.banAfter(2));
             RawFtp early = RawFtp.connect(GUESSER, server.port());
             RawFtp guesser = RawFtp.connect(GUESSER, server.port())) {
            early.expect(331, early.send("USER " + TestServer.USER));
            failLogin(guesser, 530);
            failLogin(guesser, 421);
            guesser.assertClosedByServer();
            // Even the right password: the address is banned, and the 421 says nothing about the guess.
            RawFtp.Reply refusal = early.expect(421, early.send("PASS " + TestServer.PASSWORD));
            assertTrue(refusal.text().contains("from your address"), refusal::toString);
            early.assertClosedByServer();
        }
    }

    @Test
    void banAllowExemptsAnAddress() {
        try (TestServer server = TestServer.start(b -> b.banAfter(2).maxLoginAttempts(1)
                .banAllow(List.of(Cidr.parse("127.0.0.2/32"))))) {
            for (int i = 0; i < 3; i++) {
                try (RawFtp ftp = RawFtp.connect(GUESSER, server.port())) {
                    ftp.expect(220, ftp.greeting());
                    RawFtp.Reply reply = failLogin(ftp, 421);
                    assertTrue(reply.text().contains("Too many failed logins; closing"), reply::toString);
                }
            }
            for (int i = 0; i < 2; i++) {
                try (RawFtp ftp = RawFtp.connect(NEIGHBOUR, server.port())) {
                    failLogin(ftp, 421);
                }
            }
            try (RawFtp neighbour = RawFtp.connect(NEIGHBOUR, server.port())) {
                neighbour.expect(421, neighbour.greeting()); // the same failures ban an address not allowed
            }
            try (RawFtp allowed = RawFtp.connect(GUESSER, server.port())) {
                allowed.expect(331, allowed.send("USER " + TestServer.USER));
                allowed.expect(230, allowed.send("PASS " + TestServer.PASSWORD));
            }
        }
    }

    @Test
    void aBanEndsAfterBanTime() {
        try (TestServer server = TestServer.start(b -> b.banAfter(1).banTime(Duration.ofMillis(300))
                .banTimeMax(Duration.ofMillis(300)))) {
            try (RawFtp ftp = RawFtp.connect(GUESSER, server.port())) {
                failLogin(ftp, 421);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                try (RawFtp ftp = RawFtp.connect(GUESSER, server.port())) {
                    if (ftp.greeting().code() == 220) {
                        ftp.expect(331, ftp.send("USER " + TestServer.USER));
                        ftp.expect(230, ftp.send("PASS " + TestServer.PASSWORD));
                        break;
                    }
                    ftp.expect(421, ftp.greeting());
                    assertTrue(System.nanoTime() < deadline, "still banned after 10s; ban-time is 300ms");
                }
                sleep(50);
            }
        }
    }

    @Test
    void unknownNamesAndWrongPasswordsGetTheSameReplies() {
        try (TestServer server = TestServer.start();
             RawFtp ftp = RawFtp.connect(server.port())) {
            RawFtp.Reply known = ftp.expect(331, ftp.send("USER " + TestServer.USER));
            RawFtp.Reply wrongPassword = ftp.expect(530, ftp.send("PASS wrong"));
            RawFtp.Reply unknown = ftp.expect(331, ftp.send("USER nobody"));
            RawFtp.Reply unknownName = ftp.expect(530, ftp.send("PASS wrong"));
            assertEquals(known.text().replace(TestServer.USER, "NAME"), unknown.text().replace("nobody", "NAME"));
            assertEquals(wrongPassword, unknownName);
            assertEquals("Login incorrect", unknownName.text());
        }
    }

    @Test
    void aClientMayNotTalkOnBeforeLogin() {
        try (TestServer server = TestServer.start(b -> b.maxCommandsBeforeLogin(5).banAfter(1))) {
            try (RawFtp chatty = RawFtp.connect(GUESSER, server.port())) {
                for (int i = 0; i < 5; i++) {
                    chatty.expect(200, chatty.send("NOOP"));
                }
                RawFtp.Reply refusal = chatty.expect(421, chatty.send("NOOP"));
                assertTrue(refusal.text().contains("(5)"), refusal::toString);
                chatty.assertClosedByServer();
            }
            try (RawFtp again = RawFtp.connect(GUESSER, server.port())) {
                again.expect(421, again.greeting()); // the excess counted as a failed login
            }
            try (RawFtp user = RawFtp.connect(NEIGHBOUR, server.port())) {
                for (int round = 0; round < 3; round++) { // a login renews the allowance, also after REIN
                    user.expect(331, user.send("USER " + TestServer.USER));
                    user.expect(230, user.send("PASS " + TestServer.PASSWORD));
                    for (int i = 0; i < 10; i++) {
                        user.expect(200, user.send("NOOP"));
                    }
                    user.expect(220, user.send("REIN"));
                    for (int i = 0; i < 2; i++) {
                        user.expect(200, user.send("NOOP"));
                    }
                }
            }
        }
    }

    /** USER alice with a wrong password; the PASS reply, asserted to have {@code code}. */
    private static RawFtp.Reply failLogin(RawFtp ftp, int code) {
        ftp.expect(331, ftp.send("USER " + TestServer.USER));
        return ftp.expect(code, ftp.send("PASS wrong"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
