package dev.ferry.cli.client.doctor;

import dev.ferry.client.TraceEvent;
import java.time.Instant;
import java.util.List;

/**
 * What {@code ferry doctor} found: every step in order, the recommendation, and the whole exchange (for the
 * diagram), which started at {@code started}.
 *
 * @param target the URL, without its password
 */
record Diagnosis(String target, List<Step> steps, Recommendation recommendation, Instant started,
                 List<TraceEvent> events) {

    Diagnosis {
        steps = List.copyOf(steps);
        events = List.copyOf(events);
    }
}
