package dev.terminus.worker.component.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.terminus.protocol.WorkerResult.Usage;
import dev.terminus.worker.FailureTypes;
import dev.terminus.worker.Json;
import dev.terminus.worker.Redactor;
import dev.terminus.worker.WorkerFailure;
import dev.terminus.worker.component.ComponentOutput;
import dev.terminus.worker.component.HttpCalls;

/**
 * The parts of a chat-completion response the worker uses.
 *
 * @param totalTokens {@code usage.total_tokens}, null when the server does not report usage
 */
record ChatCompletion(String content, Long totalTokens) {

  static ChatCompletion parse(String body, LlmConfig config, Redactor redactor)
      throws WorkerFailure {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw malformed(config, "a body that is not JSON", body, redactor);
    }
    JsonNode content = root.path("choices").path(0).path("message").path("content");
    if (!content.isTextual()) {
      throw malformed(config, "no choices[0].message.content", body, redactor);
    }
    JsonNode tokens = root.path("usage").path("total_tokens");
    return new ChatCompletion(content.asText(), tokens.canConvertToLong() ? tokens.asLong() : null);
  }

  ComponentOutput toOutput(LlmConfig config) {
    Long cost =
        totalTokens == null
            ? null
            : config
                .costMicrosPerToken()
                .map(perToken -> Math.round(totalTokens * perToken))
                .orElse(null);
    Usage usage = totalTokens == null ? null : new Usage(totalTokens, cost);
    return new ComponentOutput(content, usage);
  }

  private static WorkerFailure malformed(
      LlmConfig config, String what, String body, Redactor redactor) {
    return new WorkerFailure(
        FailureTypes.PROVIDER_ERROR,
        HttpCalls.describe(config.baseUrl())
            + " answered with "
            + what
            + ": "
            + redactor.redact(HttpCalls.excerpt(body)));
  }
}
