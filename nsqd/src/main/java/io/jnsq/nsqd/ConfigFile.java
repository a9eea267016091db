package io.jnsq.nsqd;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import java.io.IOException;
import java.nio.file.Path;

/** nsqd's {@code --config} file: TOML with the flags' snake_case keys; keys nobody reads are ignored. */
final class ConfigFile {

    private static final TomlMapper TOML = new TomlMapper();

    private final JsonNode root;

    private ConfigFile(JsonNode root) {
        this.root = root;
    }

    static ConfigFile empty() {
        return new ConfigFile(MissingNode.getInstance());
    }

    static ConfigFile read(Path file) throws StartupException {
        try {
            return new ConfigFile(TOML.readTree(file.toFile()));
        } catch (JacksonException e) {
            throw new StartupException("failed to load config file " + file + " - " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new StartupException("failed to load config file " + file + " - " + e, e);
        }
    }

    /** The value of a top-level key, or {@code null} when the file does not set it. */
    JsonNode get(String key) {
        return root.get(key);
    }
}
