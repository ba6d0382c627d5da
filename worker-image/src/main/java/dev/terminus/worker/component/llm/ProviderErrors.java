package dev.terminus.worker.component.llm;

import dev.terminus.worker.FailureTypes;
import dev.terminus.worker.Redactor;
import dev.terminus.worker.WorkerFailure;
import dev.terminus.worker.component.HttpCalls;
import java.net.http.HttpResponse;

/** Turns a non-2xx answer of a chat endpoint into a typed failure. */
final class ProviderErrors {
  private ProviderErrors() {}

  static void throwIfFailed(LlmConfig config, HttpResponse<String> response, Redactor redactor)
      throws WorkerFailure {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    String where = HttpCalls.describe(config.baseUrl());
    String excerpt = redactor.redact(HttpCalls.excerpt(response.body()));
    throw switch (status) {
      case 401, 403 ->
          new WorkerFailure(
              FailureTypes.UNAUTHORIZED,
              where
                  + " refused the API key from "
                  + config.apiKeyEnv()
                  + " (HTTP "
                  + status
                  + "): check the credentials Secret");
      case 404 ->
          new WorkerFailure(
              FailureTypes.MODEL_NOT_FOUND,
              "model \""
                  + config.model()
                  + "\" not found at "
                  + where
                  + " (HTTP 404; check the model name and baseUrl): "
                  + excerpt);
      case 429 ->
          new WorkerFailure(
              FailureTypes.RATE_LIMITED,
              where
                  + " rate-limited the request (HTTP 429"
                  + retryAfter(response)
                  + "): "
                  + excerpt);
      default ->
          status >= 500
              ? new WorkerFailure(
                  FailureTypes.PROVIDER_ERROR,
                  where + " failed with HTTP " + status + ": " + excerpt)
              : new WorkerFailure(
                  FailureTypes.INVALID_REQUEST,
                  where + " rejected the request with HTTP " + status + ": " + excerpt);
    };
  }

  private static String retryAfter(HttpResponse<String> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .map(seconds -> ", Retry-After " + seconds)
        .orElse("");
  }
}
