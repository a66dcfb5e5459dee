package dev.ferry.cli.client;

import dev.ferry.client.ClientOptions;
import dev.ferry.server.config.ConfigKeys;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The client library's defaults as the defaults of the matching flags, so the two never disagree. */
public final class ClientDefaults implements IDefaultValueProvider {

    private static final ClientOptions DEFAULTS = ClientOptions.defaults();
    private static final Map<String, Duration> DURATIONS = Map.of(
            "--connect-timeout", DEFAULTS.connectTimeout(),
            "--timeout", DEFAULTS.replyTimeout(),
            "--data-timeout", DEFAULTS.dataTimeout(),
            "--keepalive", DEFAULTS.keepAlive());

    @Override
    public String defaultValue(ArgSpec argument) {
        if (argument instanceof OptionSpec option && DURATIONS.containsKey(option.longestName())) {
            return ConfigKeys.duration(DURATIONS.get(option.longestName()));
        }
        return null;
    }
}
