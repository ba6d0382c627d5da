package dev.terminus.worker.component.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.terminus.worker.WorkerFailure;
import dev.terminus.worker.component.ConfigReader;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code {"method", "url", "headers", "body", "expectedStatus", "timeoutSeconds"}}, checked but not
 * yet templated: placeholders are filled when the request is built.
 *
 * @param body a string, or a JSON object/array sent as JSON; null for no body
 * @param expectedStatus the statuses that mean success (200 unless configured)
 */
record HttpConfig(
    String method,
    String url,
    Map<String, String> headers,
    JsonNode body,
    Set<Integer> expectedStatus,
    Duration timeout) {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final Set<String> FIELDS =
      Set.of("method", "url", "headers", "body", "expectedStatus", "timeoutSeconds");
  private static final Pattern METHOD = Pattern.compile("[A-Z]+");

  static HttpConfig parse(ObjectNode config) throws WorkerFailure {
    ConfigReader reader = new ConfigReader("http", config);
    reader.rejectUnknownFields(FIELDS);
    String method = reader.optionalText("method").orElse("GET").strip().toUpperCase();
    if (!METHOD.matcher(method).matches()) {
      throw reader.invalid("\"method\" must be an HTTP method such as GET or POST");
    }
    return new HttpConfig(
        method,
        reader.requiredText("url"),
        reader.stringMap("headers"),
        body(reader),
        expectedStatus(reader),
        reader.optionalSeconds("timeoutSeconds").orElse(DEFAULT_TIMEOUT));
  }

  private static JsonNode body(ConfigReader reader) throws WorkerFailure {
    JsonNode body = reader.raw("body");
    if (body != null && !body.isTextual() && !body.isContainerNode()) {
      throw reader.invalid("\"body\" must be a string or a JSON object or list");
    }
    return body;
  }

  private static Set<Integer> expectedStatus(ConfigReader reader) throws WorkerFailure {
    JsonNode value = reader.raw("expectedStatus");
    if (value == null) {
      return Set.of(200);
    }
    Set<Integer> statuses = new LinkedHashSet<>();
    for (JsonNode item : value.isArray() ? value : List.of(value)) {
      if (!item.isIntegralNumber() || item.asInt() < 100 || item.asInt() > 599) {
        throw reader.invalid(
            "\"expectedStatus\" must be a status code (100-599) or a list of them");
      }
      statuses.add(item.asInt());
    }
    if (statuses.isEmpty()) {
      throw reader.invalid("\"expectedStatus\" must not be an empty list");
    }
    return Set.copyOf(statuses);
  }

  Optional<JsonNode> optionalBody() {
    return Optional.ofNullable(body);
  }
}
