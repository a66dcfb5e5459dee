package dev.ferry.protocol;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The JVM's name resolver in this module's tests (registered in META-INF/services): the built-in one, but
 * counting every name it is asked to look up, so a test can prove that parsing an address never looks up a
 * name. Literal addresses never reach a resolver (JEP 418).
 */
public final class RecordingResolver extends InetAddressResolverProvider {

    private static final AtomicLong LOOKUPS = new AtomicLong();

    /** How many names have been looked up so far in this JVM. */
    static long lookups() {
        return LOOKUPS.get();
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                LOOKUPS.incrementAndGet();
                return builtin.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return builtin.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "ferry-test-recording";
    }
}
