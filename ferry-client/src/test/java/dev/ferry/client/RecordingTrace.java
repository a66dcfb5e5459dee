package dev.ferry.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A trace listener that keeps every event, for tests to inspect. */
final class RecordingTrace implements TraceListener {

    private final List<TraceEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(TraceEvent event) {
        events.add(event);
    }

    List<TraceEvent> events() {
        return List.copyOf(events);
    }

    List<String> commands() {
        return events.stream().filter(e -> e instanceof TraceEvent.CommandSent)
                .map(e -> ((TraceEvent.CommandSent) e).line()).toList();
    }

    List<String> notices() {
        return events.stream().filter(e -> e instanceof TraceEvent.Notice)
                .map(e -> ((TraceEvent.Notice) e).text()).toList();
    }

    List<TraceEvent.ConnectionOpened> dataConnections() {
        return events.stream().filter(e -> e instanceof TraceEvent.ConnectionOpened o
                        && o.channel() == TraceEvent.Channel.DATA)
                .map(e -> (TraceEvent.ConnectionOpened) e).toList();
    }
}
