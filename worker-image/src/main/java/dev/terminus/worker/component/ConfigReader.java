package dev.terminus.worker.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.terminus.worker.WorkerFailure;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, checked reads of a component's TERMINUS_CONFIG. Every problem is an {@code InvalidConfig}
 * failure naming the field, so a person can fix the workflow from the node's status alone.
 */
public final class ConfigReader {
  private final String component;
  private final ObjectNode config;

  public ConfigReader(String component, ObjectNode config) {
    this.component = component;
    this.config = config;
  }

  /** A misspelt optional field ("timeoutSecond") would otherwise be silently ignored. */
  public void rejectUnknownFields(Set<String> known) throws WorkerFailure {
    for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!known.contains(field)) {
        throw invalid(
            "unknown field \""
                + field
                + "\"; known fields: "
                + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  public String requiredText(String field) throws WorkerFailure {
    JsonNode value = config.get(field);
    if (value == null || value.isNull()) {
      throw invalid("\"" + field + "\" is required");
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw invalid("\"" + field + "\" must be a non-empty string");
    }
    return value.asText();
  }

  public Optional<String> optionalText(String field) throws WorkerFailure {
    JsonNode value = config.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw invalid("\"" + field + "\" must be a string");
    }
    return Optional.of(value.asText());
  }

  /** An absolute http(s) URI; {@code field} and {@code component} only name it in the failure. */
  public static URI httpUri(String component, String field, String text) throws WorkerFailure {
    String where = component + " config: \"" + field + "\"";
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw WorkerFailure.invalidConfig(where + " is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme();
    if (uri.getHost() == null
        || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
      throw WorkerFailure.invalidConfig(where + " must be an absolute http:// or https:// URL");
    }
    return uri;
  }

  public Optional<Duration> optionalSeconds(String field) throws WorkerFailure {
    return optionalPositiveInt(field).map(Duration::ofSeconds);
  }

  public Optional<Integer> optionalPositiveInt(String field) throws WorkerFailure {
    JsonNode value = config.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() <= 0) {
      throw invalid("\"" + field + "\" must be a positive integer");
    }
    return Optional.of(value.asInt());
  }

  public Optional<Double> optionalNumber(String field, double min, double max)
      throws WorkerFailure {
    JsonNode value = config.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
      throw invalid("\"" + field + "\" must be a number from " + min + " to " + max);
    }
    return Optional.of(value.asDouble());
  }

  /** A list of strings; absent is an empty list. */
  public List<String> stringList(String field) throws WorkerFailure {
    JsonNode value = config.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw invalid("\"" + field + "\" must be a list of strings");
    }
    List<String> items = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw invalid("\"" + field + "\" must be a list of strings, found " + item.getNodeType());
      }
      items.add(item.asText());
    }
    return items;
  }

  /** An object of string values (numbers and booleans are taken as their text); absent is empty. */
  public Map<String, String> stringMap(String field) throws WorkerFailure {
    JsonNode value = config.get(field);
    if (value == null || value.isNull()) {
      return Map.of();
    }
    if (!value.isObject()) {
      throw invalid("\"" + field + "\" must be an object of strings");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
        throw invalid("\"" + field + "." + entry.getKey() + "\" must be a string");
      }
      map.put(entry.getKey(), entry.getValue().asText());
    }
    return map;
  }

  /** The raw value, for fields with a shape of their own; null when absent. */
  public JsonNode raw(String field) {
    JsonNode value = config.get(field);
    return value == null || value.isNull() ? null : value;
  }

  public WorkerFailure invalid(String problem) {
    return WorkerFailure.invalidConfig(component + " config: " + problem);
  }
}
