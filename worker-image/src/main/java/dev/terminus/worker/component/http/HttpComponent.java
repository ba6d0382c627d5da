package dev.terminus.worker.component.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.terminus.worker.FailureTypes;
import dev.terminus.worker.WorkerFailure;
import dev.terminus.worker.component.Component;
import dev.terminus.worker.component.ComponentContext;
import dev.terminus.worker.component.ComponentOutput;
import dev.terminus.worker.component.ConfigReader;
import dev.terminus.worker.component.HttpCalls;
import dev.terminus.worker.component.Templates;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeSet;

/**
 * One HTTP request; the response body is the output. A status outside {@code expectedStatus} is an
 * {@code HttpStatus} failure with the code and the start of the body; no response at all is an
 * {@code HttpError}. {@code ${inputs.x}} and {@code ${execution.x}} in the url and body are filled
 * from TERMINUS_INPUTS (inserted as they are: encode them upstream when they go into a query).
 */
public final class HttpComponent implements Component {
  private static final String CONTENT_TYPE = "Content-Type";

  @Override
  public ComponentOutput run(ComponentContext context) throws WorkerFailure, InterruptedException {
    HttpConfig config = HttpConfig.parse(context.config());
    HttpRequest request = request(config, context.templates());
    HttpResponse<String> response =
        HttpCalls.send(HttpCalls.client(config.timeout()), request, config.timeout());
    if (!config.expectedStatus().contains(response.statusCode())) {
      throw new WorkerFailure(
          FailureTypes.HTTP_STATUS,
          request.method()
              + " "
              + HttpCalls.describe(request.uri())
              + " returned "
              + response.statusCode()
              + ", expected "
              + expected(config)
              + "; body: "
              + HttpCalls.excerpt(response.body()));
    }
    return ComponentOutput.of(response.body());
  }

  private static HttpRequest request(HttpConfig config, Templates templates) throws WorkerFailure {
    URI url = ConfigReader.httpUri("http", "url", templates.fill(config.url()));
    HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(config.timeout());
    try {
      config.headers().forEach(builder::header);
    } catch (IllegalArgumentException e) {
      throw WorkerFailure.invalidConfig("http config: \"headers\": " + e.getMessage());
    }
    builder.method(config.method(), body(config, templates, builder));
    return builder.build();
  }

  /** A JSON body is filled value by value, then sent as application/json unless told otherwise. */
  private static HttpRequest.BodyPublisher body(
      HttpConfig config, Templates templates, HttpRequest.Builder builder) throws WorkerFailure {
    if (config.optionalBody().isEmpty()) {
      return HttpRequest.BodyPublishers.noBody();
    }
    JsonNode body = config.optionalBody().get();
    if (body.isTextual()) {
      return HttpRequest.BodyPublishers.ofString(templates.fill(body.asText()));
    }
    if (!hasHeader(config.headers(), CONTENT_TYPE)) {
      builder.header(CONTENT_TYPE, "application/json");
    }
    return HttpRequest.BodyPublishers.ofString(templates.fill(body).toString());
  }

  private static boolean hasHeader(Map<String, String> headers, String name) {
    return headers.keySet().stream().anyMatch(name::equalsIgnoreCase);
  }

  private static String expected(HttpConfig config) {
    TreeSet<Integer> sorted = new TreeSet<>(config.expectedStatus());
    return sorted.size() == 1 ? String.valueOf(sorted.first()) : "one of " + sorted;
  }
}
