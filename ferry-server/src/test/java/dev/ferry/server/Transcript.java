package dev.ferry.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.net.ProtocolCommandEvent;
import org.apache.commons.net.ProtocolCommandListener;

/** What went over one control connection, as Commons Net's trace listener reports it. */
final class Transcript implements ProtocolCommandListener {

    /** One command sent, or one reply received. */
    record Entry(boolean command, String verb, int replyCode, String text) {
    }

    private final List<Entry> entries = new ArrayList<>();

    @Override
    public void protocolCommandSent(ProtocolCommandEvent event) {
        entries.add(new Entry(true, event.getCommand().toUpperCase(Locale.ROOT), 0, event.getMessage()));
    }

    @Override
    public void protocolReplyReceived(ProtocolCommandEvent event) {
        entries.add(new Entry(false, "", event.getReplyCode(), event.getMessage()));
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The verbs sent, in order. */
    List<String> verbs() {
        return entries.stream().filter(Entry::command).map(Entry::verb).toList();
    }

    /** The reply codes received after the last command with this verb, in order. */
    List<Integer> repliesAfterLast(String verb) {
        int last = -1;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).command() && entries.get(i).verb().equals(verb)) {
                last = i;
            }
        }
        if (last < 0) {
            throw new AssertionError(verb + " was never sent; sent: " + verbs());
        }
        return entries.subList(last + 1, entries.size()).stream().filter(e -> !e.command())
                .map(Entry::replyCode).toList();
    }

    void clear() {
        entries.clear();
    }
}
