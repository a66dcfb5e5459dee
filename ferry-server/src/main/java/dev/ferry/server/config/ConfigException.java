package dev.ferry.server.config;

/** Invalid configuration: names the key and the problem, so the administrator knows what to fix. */
public final class ConfigException extends Exception {

    private final String key;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
