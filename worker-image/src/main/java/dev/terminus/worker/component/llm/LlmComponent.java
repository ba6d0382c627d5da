package dev.terminus.worker.component.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.terminus.worker.FailureTypes;
import dev.terminus.worker.Json;
import dev.terminus.worker.Redactor;
import dev.terminus.worker.WorkerFailure;
import dev.terminus.worker.component.Component;
import dev.terminus.worker.component.ComponentContext;
import dev.terminus.worker.component.ComponentOutput;
import dev.terminus.worker.component.HttpCalls;
import dev.terminus.worker.component.Templates;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * One OpenAI-compatible chat completion: POST {baseUrl}/chat/completions with a Bearer key read
 * from the environment variable {@code apiKeyEnv}. The output is {@code choices[0].message.content}
 * and the usage is {@code usage.total_tokens}.
 *
 * <p>Every way this can go wrong has its own type, and a message a person can act on: a missing key
 * is {@code MissingCredential} naming the variable (diagnostic C5, never a null dereference), a
 * misnamed model is {@code ModelNotFound} naming the model (incident e5c64137). The key never
 * appears in a message: provider bodies are redacted before they are quoted, and a 401 body (where
 * providers echo the key they refused) is not quoted at all.
 */
public final class LlmComponent implements Component {
  @Override
  public ComponentOutput run(ComponentContext context) throws WorkerFailure, InterruptedException {
    LlmConfig config = LlmConfig.parse(context.config());
    String apiKey = apiKey(config, context);
    Redactor redactor = new Redactor(List.of(apiKey));
    String body = requestBody(config, context.templates()).toString();
    HttpRequest request =
        HttpRequest.newBuilder(config.chatCompletions())
            .timeout(config.timeout())
            .header("Authorization", "Bearer " + apiKey)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response =
        HttpCalls.send(HttpCalls.client(config.timeout()), request, config.timeout());
    ProviderErrors.throwIfFailed(config, response, redactor);
    return ChatCompletion.parse(response.body(), config, redactor).toOutput(config);
  }

  /**
   * The key, stripped: Secrets created from files often end in a newline, which would make an
   * invalid header.
   */
  private static String apiKey(LlmConfig config, ComponentContext context) throws WorkerFailure {
    String key = context.env().get(config.apiKeyEnv());
    if (key == null || key.isBlank()) {
      throw new WorkerFailure(
          FailureTypes.MISSING_CREDENTIAL,
          "environment variable "
              + config.apiKeyEnv()
              + " is "
              + (key == null ? "not set" : "empty")
              + ": it must hold the API key for "
              + HttpCalls.describe(config.baseUrl())
              + " (the operator fills it from the node's credentials Secret)");
    }
    String stripped = key.strip();
    if (!stripped.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      // Checked here: the JDK's own error for a bad header value quotes the value, i.e. the key.
      throw new WorkerFailure(
          FailureTypes.INVALID_CREDENTIAL,
          "environment variable "
              + config.apiKeyEnv()
              + " holds characters an API key cannot have (spaces, control or non-ASCII"
              + " characters): check the credentials Secret");
    }
    return stripped;
  }

  private static ObjectNode requestBody(LlmConfig config, Templates templates)
      throws WorkerFailure {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("model", config.model());
    ArrayNode messages = body.putArray("messages");
    for (LlmConfig.Message message : config.messages()) {
      messages
          .addObject()
          .put("role", message.role())
          .put("content", templates.fill(message.content()));
    }
    config.temperature().ifPresent(t -> body.put("temperature", t));
    config.maxTokens().ifPresent(m -> body.put("max_tokens", m));
    return body;
  }
}
