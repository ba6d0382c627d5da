package dev.terminus.worker.component.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.terminus.protocol.WorkerEnv;
import dev.terminus.worker.WorkerFailure;
import dev.terminus.worker.component.ConfigReader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code {"baseUrl", "model", "messages": [{"role", "content"}], "temperature", "maxTokens",
 * "timeoutSeconds", "apiKeyEnv", "costMicrosPerToken"}}. The key itself is never in the config,
 * only the name of the environment variable that holds it (filled from a Secret by the operator).
 */
record LlmConfig(
    URI baseUrl,
    String model,
    List<Message> messages,
    Optional<Double> temperature,
    Optional<Integer> maxTokens,
    Duration timeout,
    String apiKeyEnv,
    Optional<Double> costMicrosPerToken) {

  static final String DEFAULT_API_KEY_ENV = WorkerEnv.API_KEY;

  /** Models can take minutes on a long completion; the node deadline still bounds it. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  private static final Set<String> FIELDS =
      Set.of(
          "baseUrl",
          "model",
          "messages",
          "temperature",
          "maxTokens",
          "timeoutSeconds",
          "apiKeyEnv",
          "costMicrosPerToken");

  /** One chat message; {@code content} may hold placeholders. */
  record Message(String role, String content) {}

  static LlmConfig parse(ObjectNode config) throws WorkerFailure {
    ConfigReader reader = new ConfigReader("llm", config);
    reader.rejectUnknownFields(FIELDS);
    return new LlmConfig(
        baseUrl(reader),
        reader.requiredText("model").strip(),
        messages(reader),
        reader.optionalNumber("temperature", 0, 2),
        reader.optionalPositiveInt("maxTokens"),
        reader.optionalSeconds("timeoutSeconds").orElse(DEFAULT_TIMEOUT),
        reader.optionalText("apiKeyEnv").map(String::strip).orElse(DEFAULT_API_KEY_ENV),
        reader.optionalNumber("costMicrosPerToken", 0, Double.MAX_VALUE));
  }

  /** The endpoint: {baseUrl}/chat/completions, as every OpenAI-compatible server serves it. */
  URI chatCompletions() {
    return URI.create(baseUrl + "/chat/completions");
  }

  /** Without trailing slashes: "https://host/v1/" and "https://host/v1" mean the same. */
  private static URI baseUrl(ConfigReader reader) throws WorkerFailure {
    String text = reader.requiredText("baseUrl").strip();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    URI uri = ConfigReader.httpUri("llm", "baseUrl", text);
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw reader.invalid(
          "\"baseUrl\" must not have a query or fragment, such as https://host/v1");
    }
    return uri;
  }

  private static List<Message> messages(ConfigReader reader) throws WorkerFailure {
    JsonNode value = reader.raw("messages");
    if (value == null || !value.isArray() || value.isEmpty()) {
      throw reader.invalid("\"messages\" is required: a non-empty list of {role, content}");
    }
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      messages.add(message(reader, value.get(i), "messages[" + i + "]"));
    }
    return List.copyOf(messages);
  }

  private static Message message(ConfigReader reader, JsonNode item, String path)
      throws WorkerFailure {
    JsonNode role = item.get("role");
    JsonNode content = item.get("content");
    if (role == null || !role.isTextual() || role.asText().isBlank()) {
      throw reader.invalid("\"" + path + ".role\" must be a non-empty string");
    }
    if (content == null || !content.isTextual()) {
      throw reader.invalid("\"" + path + ".content\" must be a string");
    }
    return new Message(role.asText(), content.asText());
  }
}
