package dev.ferry.client;

/**
 * Sees everything that happens on a client's connections, in order, as it happens. Called on the thread
 * doing the work (the keepalive's NOOPs come from a transfer's watch thread), so it must be quick and
 * thread-safe. Passwords are masked before events are made.
 */
@FunctionalInterface
public interface TraceListener {

    TraceListener NONE = event -> { };

    void onEvent(TraceEvent event);
}
