package dev.ferry.cli.client.doctor;

import dev.ferry.client.DataMethod;
import java.util.Locale;

/**
 * The data-connection checks, in the order AUTO mode tries the methods, PASV twice: once going where the
 * 227 reply says, as most clients do, once to the control connection's peer, as Ferry's client does.
 */
enum DataCheck {
    EPSV("EPSV", DataMethod.EPSV),
    PASV_ANNOUNCED("PASV as announced", DataMethod.PASV),
    PASV_FIXED("PASV fixed", DataMethod.PASV),
    EPRT("EPRT", DataMethod.EPRT),
    PORT("PORT", DataMethod.PORT);

    private final String label;
    private final DataMethod method;

    DataCheck(String label, DataMethod method) {
        this.label = label;
        this.method = method;
    }

    /** The step's key for scripts: {@code epsv}, {@code pasv-announced}, ... */
    String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    String label() {
        return label;
    }

    DataMethod method() {
        return method;
    }

    /** Whether the probe connects to the address in the 227 reply rather than to the control connection's peer. */
    boolean trustsPassiveAddress() {
        return this == PASV_ANNOUNCED;
    }

    /** PASV and PORT carry IPv4 addresses only (RFC 959); over IPv6 only EPSV and EPRT exist. */
    boolean ipv4Only() {
        return method == DataMethod.PASV || method == DataMethod.PORT;
    }
}
