package dev.ferry.client;

/** One way of opening a data connection: the command that sets it up. */
public enum DataMethod {
    EPSV(true), PASV(true), EPRT(false), PORT(false);

    private final boolean passive;

    DataMethod(boolean passive) {
        this.passive = passive;
    }

    /** Whether the client connects to the server (passive) or the server to the client (active). */
    public boolean isPassive() {
        return passive;
    }
}
