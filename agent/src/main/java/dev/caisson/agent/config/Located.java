package dev.caisson.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/** A value from one fragment, with where it was written. */
record Located(String key, JsonNode value, Path file, int line) {
  ConfigException error(String message) {
    return new ConfigException(file, line, key, message);
  }
}
