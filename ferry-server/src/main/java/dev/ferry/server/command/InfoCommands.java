package dev.ferry.server.command;

import dev.ferry.protocol.ListingFormat;
import dev.ferry.protocol.Reply;
import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import dev.ferry.server.session.Session;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What the server is and can do: SYST, FEAT, OPTS, HELP, NOOP. */
final class InfoCommands {

    private InfoCommands() {
    }

    static Reply syst(Session s, String argument) {
        return Reply.of(ReplyCode.SYSTEM_TYPE, "UNIX Type: L8");
    }

    static Reply noop(Session s, String argument) {
        return Reply.of(ReplyCode.OK, "NOOP ok");
    }

    /** RFC 2389 §3: one feature per line, each indented by a space. */
    static Reply feat(Session s, String argument) {
        List<String> lines = new ArrayList<>();
        lines.add("Extensions supported:");
        if (s.context().tls().isPresent()) {
            // RFC 4217 §6: AUTH TLS, PBSZ and PROT; listed before the others, as vsftpd and ProFTPD do
            lines.addAll(List.of(" AUTH TLS", " PBSZ", " PROT"));
        }
        StringBuilder mlst = new StringBuilder("MLST ");
        for (String fact : ListingFormat.MLSX_FACTS) {
            mlst.append(fact.equals("unix.mode") ? "UNIX.mode" : fact)
                    .append(s.mlstFacts().contains(fact) ? "*" : "").append(';');
        }
        for (String feature : List.of("EPRT", "EPSV", "HOST", "MDTM", "MFMT", mlst.toString(), "REST STREAM", "SIZE",
                "TVFS", "UTF8")) {
            lines.add(" " + feature);
        }
        lines.add("End");
        return Reply.of(ReplyCode.SYSTEM_STATUS, lines);
    }

    static Reply opts(Session s, String argument) throws ReplyException {
        String[] words = argument.strip().split("\\s+", 2);
        String option = words[0].toUpperCase(Locale.ROOT);
        String value = words.length > 1 ? words[1] : "";
        return switch (option) {
            // RFC 2640 §3.2: Ferry always speaks UTF-8, so ON and OFF are both answered with success
            case "UTF8", "UTF-8" -> Reply.of(ReplyCode.OK, "UTF8 mode is always on");
            case "MLST" -> {
                Set<String> selected = new LinkedHashSet<>();
                for (String fact : value.split(";")) {
                    String f = fact.strip().toLowerCase(Locale.ROOT);
                    if (ListingFormat.MLSX_FACTS.contains(f)) {
                        selected.add(f);
                    }
                }
                s.mlstFacts(selected);
                StringBuilder text = new StringBuilder("MLST OPTS ");
                ListingFormat.MLSX_FACTS.stream().filter(selected::contains)
                        .forEach(f -> text.append(f.equals("unix.mode") ? "UNIX.mode" : f).append(';'));
                yield Reply.of(ReplyCode.OK, text.toString());
            }
            default -> throw new ReplyException(ReplyCode.ARGUMENT_SYNTAX_ERROR, "Unknown option " + option);
        };
    }

    static Reply help(Session s, String argument) throws ReplyException {
        if (!argument.isBlank()) {
            CommandSpec spec = CommandTable.ROWS.get(argument.strip().toUpperCase(Locale.ROOT));
            if (spec == null) {
                throw new ReplyException(ReplyCode.ARGUMENT_SYNTAX_ERROR, "Unknown command " + argument.strip());
            }
            return Reply.of(ReplyCode.HELP, spec.verb() + ": " + spec.help());
        }
        List<String> lines = new ArrayList<>();
        lines.add("Commands recognized (HELP verb for details):");
        StringBuilder line = new StringBuilder();
        for (String verb : CommandTable.ROWS.keySet()) {
            line.append(String.format(Locale.ROOT, " %-5s", verb));
            if (line.length() > 60) {
                lines.add(line.toString());
                line.setLength(0);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        lines.add("Help ok");
        return Reply.of(ReplyCode.HELP, lines);
    }
}
