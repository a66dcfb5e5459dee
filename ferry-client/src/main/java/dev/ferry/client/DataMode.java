package dev.ferry.client;

/** How the client opens data connections. */
public enum DataMode {
    /** The client connects to the server: EPSV, then PASV when the server does not know EPSV. */
    PASSIVE,
    /** The server connects to the client: EPRT, then PORT when the server does not know EPRT. */
    ACTIVE,
    /**
     * Passive first; when its data connection fails (refused, timed out, 425), active. What worked is
     * remembered per server for the rest of the process.
     */
    AUTO
}
