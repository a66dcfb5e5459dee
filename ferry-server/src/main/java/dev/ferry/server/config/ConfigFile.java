package dev.ferry.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/** Reads a YAML config file (keys of {@link ConfigKeys}) into a builder. */
public final class ConfigFile {

    private ConfigFile() {
    }

    public static void apply(Path file, ServerConfig.Builder builder) throws ConfigException {
        Object document;
        try {
            String text = Files.readString(file);
            document = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(text);
        } catch (IOException e) {
            throw new ConfigException("config", "cannot read " + file + ": " + e.getMessage());
        } catch (YamlEngineException e) {
            throw new ConfigException("config", file + " is not valid YAML: " + e.getMessage());
        }
        if (document == null) {
            return;
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new ConfigException("config", file + " must be a mapping of key: value");
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            ConfigKeys.Key key = ConfigKeys.byName(name)
                    .orElseThrow(() -> new ConfigException(name, "unknown key in " + file));
            key.apply(builder, text(entry.getValue()));
        }
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }
}
