package dev.ferry.server.command;

import dev.ferry.protocol.Reply;
import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import dev.ferry.server.auth.User;
import dev.ferry.server.config.TlsRequirement;
import dev.ferry.server.session.Session;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/** Login and the session's life: USER, PASS, ACCT, REIN, QUIT, HOST. */
final class AccessCommands {

    private AccessCommands() {
    }

    static Reply user(Session s, String name) throws ReplyException {
        if (s.isLoggedIn()) {
            throw new ReplyException(ReplyCode.NOT_LOGGED_IN, "Already logged in; send REIN to change user");
        }
        if (tlsRequirement(s, name).login() && !s.isTlsOn()) {
            s.log().info("plain-text login refused for '" + name + "': TLS is required for login");
            throw new ReplyException(ReplyCode.NOT_LOGGED_IN, "TLS required for login on this server: send AUTH TLS "
                    + "first (use FTPS, ftpes://, --ssl-reqd), then USER");
        }
        s.pendingUserName(name);
        if (isAnonymous(name) && s.config().anonymous()) {
            return Reply.of(ReplyCode.NEED_PASSWORD, "Anonymous login: send any password (your e-mail address)");
        }
        return Reply.of(ReplyCode.NEED_PASSWORD, "Password required for " + name);
    }

    static Reply pass(Session s, String password) throws ReplyException, IOException {
        if (s.isLoggedIn()) {
            throw new ReplyException(ReplyCode.BAD_SEQUENCE, "Already logged in");
        }
        String name = s.pendingUserName().orElseThrow();
        if (s.isAddressBanned()) {
            // Another session of this address earned the ban: this one guesses no further.
            throw new ReplyException(ReplyCode.SERVICE_UNAVAILABLE, "Too many failed logins from your address; closing", true);
        }
        Optional<User> user = isAnonymous(name) && s.config().anonymous()
                ? Optional.of(new User("anonymous", s.config().root(), false, true))
                : s.context().users().authenticate(name, password,
                        s.context().verifiedPasswords().check(s.config().loginCacheTtl()));
        if (user.isEmpty()) {
            // The same reply, after the same work (the dummy hash), for an unknown name and a wrong password.
            s.log().info("login failed for '" + name + "'");
            boolean exhausted = s.loginFailed();
            boolean banned = s.failedFromAddress();
            sleep(s);
            if (banned) {
                throw new ReplyException(ReplyCode.SERVICE_UNAVAILABLE, "Too many failed logins from your address; closing", true);
            }
            if (exhausted) {
                throw new ReplyException(ReplyCode.SERVICE_UNAVAILABLE, "Too many failed logins; closing", true);
            }
            throw new ReplyException(ReplyCode.NOT_LOGGED_IN, "Login incorrect");
        }
        try {
            s.tlsRequirement(tlsRequirement(s, user.get().name()));
            s.login(user.get());
        } catch (IOException e) {
            s.log().warning("home folder of '" + name + "' is unusable: " + e.getMessage());
            s.loginFailed();
            throw new ReplyException(ReplyCode.NOT_LOGGED_IN, "Login refused: home folder unavailable; tell the administrator");
        }
        return Reply.of(ReplyCode.LOGGED_IN, user.get().anonymous()
                ? "Anonymous login ok, read-only access" : "User " + name + " logged in");
    }

    static Reply acct(Session s, String account) {
        return Reply.of(ReplyCode.NOT_NEEDED, "ACCT not needed on this server");
    }

    static Reply rein(Session s, String argument) {
        s.reinitialize();
        return Reply.of(ReplyCode.SERVICE_READY, "Session reset; log in again");
    }

    static Reply quit(Session s, String argument) {
        s.endAfterReply();
        return Reply.of(ReplyCode.CLOSING_CONTROL, "Goodbye");
    }

    /** RFC 7151: the host the client wants; Ferry serves one site, so any name is accepted before login. */
    static Reply host(Session s, String hostName) throws ReplyException {
        if (s.isLoggedIn()) {
            throw new ReplyException(ReplyCode.BAD_SEQUENCE, "HOST must come before login (RFC 7151)");
        }
        return Reply.of(ReplyCode.SERVICE_READY, "Host accepted");
    }

    /**
     * What the user must protect: their own {@code tls} setting from the users file, else the server's
     * {@code tls-required}. A user whose setting is stricter than the server's is thereby told apart from an
     * unknown name at USER; the server-wide setting tells nothing.
     */
    private static TlsRequirement tlsRequirement(Session s, String name) {
        if (isAnonymous(name) && s.config().anonymous()) {
            return s.config().tlsRequired();
        }
        return s.context().users().tlsRequirement(name).orElse(s.config().tlsRequired());
    }

    private static boolean isAnonymous(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("anonymous") || lower.equals("ftp");
    }

    /** RFC 2577 §4: slow down password guessing. */
    private static void sleep(Session s) {
        try {
            Thread.sleep(s.config().loginFailureDelay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
