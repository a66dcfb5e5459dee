package dev.ferry.server.command;

import dev.ferry.protocol.Reply;
import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import dev.ferry.server.session.Session;
import java.util.Locale;

/** FTPS, RFC 4217 (on RFC 2228): AUTH TLS, PBSZ, PROT, CCC. */
final class SecurityCommands {

    private SecurityCommands() {
    }

    /** §4: AUTH TLS (and the older name AUTH SSL); the handshake follows the 234. */
    static Reply auth(Session s, String mechanism) throws ReplyException {
        if (s.context().tls().isEmpty()) {
            throw new ReplyException(ReplyCode.NOT_IMPLEMENTED, "TLS is off on this server");
        }
        String name = mechanism.strip().toUpperCase(Locale.ROOT);
        if (!name.equals("TLS") && !name.equals("SSL") && !name.equals("TLS-C")) {
            throw new ReplyException(ReplyCode.PARAMETER_NOT_IMPLEMENTED, "AUTH " + mechanism.strip()
                    + " not supported; use AUTH TLS");
        }
        s.startTlsAfterReply();
        return Reply.of(ReplyCode.SECURITY_EXCHANGE_DONE, "AUTH " + name + " ok; start the TLS handshake");
    }

    /** §8: TLS has no protection buffer, so the size is always 0. */
    static Reply pbsz(Session s, String size) throws ReplyException {
        if (!size.strip().matches("\\d{1,10}")) {
            throw new ReplyException(ReplyCode.ARGUMENT_SYNTAX_ERROR, "PBSZ needs a number; send PBSZ 0");
        }
        s.protectionBufferSizeSet(true);
        return Reply.of(ReplyCode.OK, "PBSZ=0");
    }

    /** §9: P protects the data connections with TLS, C leaves them in the clear; S and E do not exist in TLS. */
    static Reply prot(Session s, String level) throws ReplyException {
        switch (level.strip().toUpperCase(Locale.ROOT)) {
            case "P" -> s.dataProtection(Session.DataProtection.PRIVATE);
            case "C" -> {
                if (s.tlsRequirement().data()) {
                    throw new ReplyException(ReplyCode.DENIED_FOR_POLICY,
                            "Data connections must be protected on this server: use PROT P");
                }
                s.dataProtection(Session.DataProtection.CLEAR);
            }
            case "S", "E" -> throw new ReplyException(ReplyCode.PROTECTION_LEVEL_NOT_SUPPORTED,
                    "PROT " + level.strip() + " is not supported with TLS; use PROT P or PROT C");
            default -> throw new ReplyException(ReplyCode.PARAMETER_NOT_IMPLEMENTED,
                    "Unknown protection level " + level.strip() + "; use PROT P or PROT C");
        }
        return Reply.of(ReplyCode.OK, "Protection level set to " + (s.dataProtection() == Session.DataProtection.PRIVATE
                ? "P (data connections use TLS)" : "C (data connections in the clear)"));
    }

    /** §6: CCC would put the control connection (and every later password or path) back in the clear. */
    static Reply ccc(Session s, String argument) throws ReplyException {
        throw new ReplyException(ReplyCode.DENIED_FOR_POLICY, "CCC refused: the control connection stays protected");
    }
}
