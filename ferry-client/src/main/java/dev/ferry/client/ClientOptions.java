package dev.ferry.client;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * How a client behaves; immutable. {@link #defaults()} suits most servers; {@link #builder()} changes any
 * option, each default beside it.
 *
 * @param mode how data connections are opened
 * @param connectTimeout for the control connection and for each data connection
 * @param replyTimeout the longest wait for a reply on the control connection
 * @param dataTimeout a transfer that moves no byte for this long is abandoned
 * @param keepAlive NOOP on the control connection this often during a transfer, so that NAT devices and
 *     firewalls do not forget an idle control connection; zero turns it off
 * @param trustPassiveAddress connect to the address in a 227 reply instead of the control connection's
 *     peer (off: a hostile server could make the client connect anywhere, CVE-2020-8284)
 * @param activeAddress the address announced in EPRT/PORT, for a client behind NAT with port forwarding;
 *     empty: the control connection's local address
 * @param activePortFirst with {@code activePortLast}, the local ports active mode listens on; 0: any
 * @param tls whether the control connection uses TLS, from the start or after {@code AUTH TLS}
 * @param trust which server certificates TLS accepts
 * @param protectData with TLS, protect the data connections too ({@code PROT P}); off, they go in the clear
 *     ({@code PROT C}) while the control connection, and so the password, stays protected
 * @param trace sees every command, reply and connection
 */
public record ClientOptions(DataMode mode, Duration connectTimeout, Duration replyTimeout, Duration dataTimeout,
                            Duration keepAlive, boolean trustPassiveAddress, Optional<InetAddress> activeAddress,
                            int activePortFirst, int activePortLast, TlsMode tls, CertificateTrust trust,
                            boolean protectData, TraceListener trace) {

    public ClientOptions {
        requirePositive(connectTimeout, "connect timeout");
        requirePositive(replyTimeout, "reply timeout");
        requirePositive(dataTimeout, "data timeout");
        if (keepAlive.isNegative()) {
            throw new IllegalArgumentException("keepalive interval must not be negative");
        }
        if (activePortFirst < 0 || activePortLast > 65535 || activePortFirst > activePortLast
                || (activePortFirst == 0) != (activePortLast == 0)) {
            throw new IllegalArgumentException("active port range " + activePortFirst + "-" + activePortLast
                    + " is not a range of ports 1-65535");
        }
    }

    public static ClientOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requirePositive(Duration duration, String what) {
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }

    public static final class Builder {
        private DataMode mode = DataMode.AUTO;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration replyTimeout = Duration.ofSeconds(60);
        private Duration dataTimeout = Duration.ofSeconds(60);
        private Duration keepAlive = Duration.ofSeconds(30);
        private boolean trustPassiveAddress;
        private Optional<InetAddress> activeAddress = Optional.empty();
        private int activePortFirst;
        private int activePortLast;
        private TlsMode tls = TlsMode.NONE;
        private CertificateTrust trust = CertificateTrust.systemTrustStore();
        private boolean protectData = true;
        private TraceListener trace = TraceListener.NONE;

        private Builder() {
        }

        private Builder(ClientOptions o) {
            mode = o.mode;
            connectTimeout = o.connectTimeout;
            replyTimeout = o.replyTimeout;
            dataTimeout = o.dataTimeout;
            keepAlive = o.keepAlive;
            trustPassiveAddress = o.trustPassiveAddress;
            activeAddress = o.activeAddress;
            activePortFirst = o.activePortFirst;
            activePortLast = o.activePortLast;
            tls = o.tls;
            trust = o.trust;
            protectData = o.protectData;
            trace = o.trace;
        }

        public Builder mode(DataMode mode) {
            this.mode = mode;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder replyTimeout(Duration timeout) {
            this.replyTimeout = timeout;
            return this;
        }

        public Builder dataTimeout(Duration timeout) {
            this.dataTimeout = timeout;
            return this;
        }

        public Builder keepAlive(Duration interval) {
            this.keepAlive = interval;
            return this;
        }

        public Builder trustPassiveAddress(boolean trust) {
            this.trustPassiveAddress = trust;
            return this;
        }

        public Builder activeAddress(InetAddress address) {
            this.activeAddress = Optional.of(address);
            return this;
        }

        public Builder activePorts(int first, int last) {
            this.activePortFirst = first;
            this.activePortLast = last;
            return this;
        }

        public Builder tls(TlsMode tls) {
            this.tls = tls;
            return this;
        }

        public Builder trust(CertificateTrust trust) {
            this.trust = trust;
            return this;
        }

        public Builder protectData(boolean protect) {
            this.protectData = protect;
            return this;
        }

        public Builder trace(TraceListener trace) {
            this.trace = trace;
            return this;
        }

        public ClientOptions build() {
            return new ClientOptions(mode, connectTimeout, replyTimeout, dataTimeout, keepAlive,
                    trustPassiveAddress, activeAddress, activePortFirst, activePortLast, tls, trust, protectData,
                    trace);
        }
    }
}
