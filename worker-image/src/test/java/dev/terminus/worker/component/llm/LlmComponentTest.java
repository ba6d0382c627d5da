package dev.terminus.worker.component.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.terminus.worker.Json;
import dev.terminus.worker.WorkerFailure;
import dev.terminus.worker.component.ComponentOutput;
import dev.terminus.worker.support.Contexts;
import dev.terminus.worker.support.FakeHttpServer;
import dev.terminus.worker.support.FakeHttpServer.Reply;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against a fake OpenAI-compatible server that knows one model and one key. */
class LlmComponentTest {
  private static final String KEY = "sk-test-0123456789abcdef";
  private static final String INPUTS =
      "{\"execution\": {\"topic\": \"zombies\"}, \"fetch\": \"data\"}";

  private final Contexts contexts = new Contexts();
  private final FakeHttpServer provider =
      FakeHttpServer.start().on("/v1/chat/completions", LlmComponentTest::answer);

  @AfterEach
  void stop() {
    provider.close();
  }

  /** Behaves like OpenAI: 401 echoes the refused key, 404 for an unknown model, 429 when asked. */
  private static Reply answer(FakeHttpServer.Recorded request) {
    String auth = request.header("Authorization");
    if (!("Bearer " + KEY).equals(auth)) {
      return Reply.of(
          401, "{\"error\": {\"message\": \"Incorrect API key provided: " + auth + "\"}}");
    }
    JsonNode body = parse(request.body());
    String model = body.path("model").asText();
    return switch (model) {
      case "gpt-test" ->
          Reply.of(
              200,
              """
          {"id": "c1", "choices": [{"index": 0, "message": {"role": "assistant",
            "content": "echo: %s"}}],
           "usage": {"prompt_tokens": 12, "completion_tokens": 8, "total_tokens": 20}}
          """
                  .formatted(body.path("messages").path(1).path("content").asText()));
      case "busy" ->
          new Reply(
              429,
              "{\"error\": {\"message\": \"Rate limit reached\"}}",
              Map.of("Retry-After", "20"));
      case "down" -> Reply.of(503, "upstream overloaded");
      case "leaky" -> Reply.of(500, "failed for key " + KEY);
      case "no-content" -> Reply.of(200, "{\"choices\": []}");
      case "bad-request" -> Reply.of(400, "{\"error\": {\"message\": \"max_tokens too large\"}}");
      default ->
          Reply.of(
              404,
              "{\"error\": {\"message\": \"The model `"
                  + model
                  + "` does not exist\", \"code\": \"model_not_found\"}}");
    };
  }

  @Test
  void aCompletionIsTheOutputWithTokenUsageAndCost() throws Exception {
    ComponentOutput output =
        run(
            config(
                "gpt-test",
                ", \"costMicrosPerToken\": 1.5, \"temperature\": 0.2, \"maxTokens\": 50"),
            env());

    assertThat(output.output()).isEqualTo("echo: summarize zombies: data");
    assertThat(output.usage().tokens()).isEqualTo(20);
    assertThat(output.usage().costMicros()).isEqualTo(30);
    FakeHttpServer.Recorded request = provider.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(parse(request.body()))
        .isEqualTo(
            parse(
                """
                {"model": "gpt-test",
                 "messages": [{"role": "system", "content": "be brief"},
                              {"role": "user", "content": "summarize zombies: data"}],
                 "temperature": 0.2, "max_tokens": 50}
                """));
  }

  @Test
  void withoutCostConfiguredOnlyTokensAreReported() throws Exception {
    ComponentOutput output = run(config("gpt-test", ""), env());

    assertThat(output.usage().tokens()).isEqualTo(20);
    assertThat(output.usage().costMicros()).isNull();
  }

  @Test
  void aWrongKeyIsUnauthorizedAndTheKeyAppearsNowhere() {
    String wrongKey = "sk-wrong-9876543210";

    WorkerFailure failure = failure(config("gpt-test", ""), Map.of("TERMINUS_API_KEY", wrongKey));

    assertThat(failure.type()).isEqualTo("Unauthorized");
    assertThat(failure.getMessage())
        .isEqualTo(
            provider.baseUrl()
                + "/v1 refused the API key from TERMINUS_API_KEY (HTTP 401): check the credentials Secret")
        .doesNotContain(wrongKey)
        .doesNotContain(KEY);
  }

  @Test
  void aMisnamedModelIsModelNotFoundNamingTheModel() {
    // Incident e5c64137: a 404 for a misnamed model must be a clear failure.
    WorkerFailure failure = failure(config("claude-o", ""), env());

    assertThat(failure.type()).isEqualTo("ModelNotFound");
    assertThat(failure.getMessage())
        .startsWith("model \"claude-o\" not found at " + provider.baseUrl() + "/v1")
        .contains("The model `claude-o` does not exist");
  }

  @Test
  void tooManyRequestsIsRateLimitedWithRetryAfter() {
    WorkerFailure failure = failure(config("busy", ""), env());

    assertThat(failure.type()).isEqualTo("RateLimited");
    assertThat(failure.getMessage())
        .contains("HTTP 429, Retry-After 20")
        .contains("Rate limit reached");
  }

  @Test
  void serverErrorsAreProviderErrorsWithTheKeyRedactedFromTheBody() {
    assertThat(failure(config("down", ""), env()).type()).isEqualTo("ProviderError");
    WorkerFailure leaky = failure(config("leaky", ""), env());
    assertThat(leaky.getMessage()).contains("failed for key [REDACTED]").doesNotContain(KEY);
  }

  @Test
  void otherClientErrorsAreInvalidRequest() {
    WorkerFailure failure = failure(config("bad-request", ""), env());

    assertThat(failure.type()).isEqualTo("InvalidRequest");
    assertThat(failure.getMessage()).contains("HTTP 400").contains("max_tokens too large");
  }

  @Test
  void anAnswerWithoutContentIsProviderError() {
    WorkerFailure failure = failure(config("no-content", ""), env());

    assertThat(failure.type()).isEqualTo("ProviderError");
    assertThat(failure.getMessage()).contains("no choices[0].message.content");
  }

  @Test
  void aMissingOrEmptyKeyIsMissingCredentialNamingTheVariableAndNothingIsSent() {
    // Diagnostic C5: a deleted credential is a clear failure, not a null dereference.
    WorkerFailure unset = failure(config("gpt-test", ""), Map.of());
    WorkerFailure empty = failure(config("gpt-test", ""), Map.of("TERMINUS_API_KEY", "  "));
    WorkerFailure custom =
        failure(
            config("gpt-test", ", \"apiKeyEnv\": \"OPENAI_KEY\""), Map.of("TERMINUS_API_KEY", KEY));

    assertThat(unset.type()).isEqualTo("MissingCredential");
    assertThat(unset.getMessage())
        .startsWith(
            "environment variable TERMINUS_API_KEY is not set: it must hold the API key for");
    assertThat(empty.getMessage()).startsWith("environment variable TERMINUS_API_KEY is empty");
    assertThat(custom.getMessage()).startsWith("environment variable OPENAI_KEY is not set");
    assertThat(provider.requests()).isEmpty();
  }

  @Test
  void aKeyNoHeaderCanCarryIsInvalidCredentialWithoutQuotingIt() {
    String broken = "sk-abc\u0001def";

    WorkerFailure failure = failure(config("gpt-test", ""), Map.of("TERMINUS_API_KEY", broken));

    assertThat(failure.type()).isEqualTo("InvalidCredential");
    assertThat(failure.getMessage()).contains("TERMINUS_API_KEY").doesNotContain("sk-abc");
    assertThat(provider.requests()).isEmpty();
  }

  @Test
  void theKeyIsReadFromTheVariableNamedByApiKeyEnvAndStripped() throws Exception {
    ComponentOutput output =
        run(
            config("gpt-test", ", \"apiKeyEnv\": \"OPENAI_KEY\""),
            Map.of("OPENAI_KEY", KEY + "\n"));

    assertThat(output.output()).startsWith("echo:");
  }

  @Test
  void configIsCheckedBeforeTheKeyOrAnyRequest() {
    assertThat(
            failure(
                    "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}",
                    Map.of())
                .getMessage())
        .isEqualTo("llm config: \"baseUrl\" is required");
    assertThat(
            failure("{\"baseUrl\": \"http://h/v1\", \"model\": \"m\", \"messages\": []}", env())
                .getMessage())
        .contains("\"messages\" is required");
    assertThat(
            failure(
                    "{\"baseUrl\": \"http://h/v1\", \"model\": \"m\", \"messages\": [{\"role\": \"user\"}]}",
                    env())
                .getMessage())
        .contains("\"messages[0].content\" must be a string");
    assertThat(
            failure(
                    "{\"baseUrl\": \"http://h/v1\", \"model\": \"m\", \"apiKey\": \"sk-x\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}",
                    env())
                .getMessage())
        .contains("unknown field \"apiKey\"");
    assertThat(failure(config("gpt-test", ", \"temperature\": 7"), env()).getMessage())
        .contains("\"temperature\" must be a number from 0.0 to 2.0");
    assertThat(provider.requests()).isEmpty();
  }

  private String config(String model, String extra) {
    return """
        {"baseUrl": "%s/v1/", "model": "%s",
         "messages": [{"role": "system", "content": "be brief"},
                      {"role": "user", "content": "summarize ${execution.topic}: ${inputs.fetch}"}]%s}
        """
        .formatted(provider.baseUrl(), model, extra);
  }

  private static Map<String, String> env() {
    return Map.of("TERMINUS_API_KEY", KEY);
  }

  private ComponentOutput run(String config, Map<String, String> env) throws Exception {
    return new LlmComponent().run(contexts.context(config, INPUTS, env));
  }

  private WorkerFailure failure(String config, Map<String, String> env) {
    try {
      run(config, env);
    } catch (WorkerFailure failure) {
      assertThat(failure.getMessage()).doesNotContain(KEY);
      return failure;
    } catch (Exception other) {
      throw new AssertionError("expected a WorkerFailure", other);
    }
    throw new AssertionError("expected a failure");
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
