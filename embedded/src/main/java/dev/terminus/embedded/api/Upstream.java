package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The fabric8 mock server behind the front, reached over plain HTTP/1.1. Paths are sent without a
 * query string: the mock does not recognise {@code /status?fieldManager=...} as a status path, and
 * the front evaluates selectors itself.
 */
final class Upstream {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final HttpClient http;

  Upstream(URI base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** An answer of the mock: its status code and body (JSON, or empty). */
  record Reply(int code, byte[] body) {
    boolean ok() {
      return code >= 200 && code < 300;
    }

    JsonNode json() {
      return body.length == 0 ? Json.object() : Json.parse(body);
    }
  }

  Reply get(String path) {
    return send("GET", path, null, null);
  }

  /** The object at {@code path}, or null when there is none. */
  JsonNode getObject(ResourcePath path) {
    Reply reply = get(path.object().toPath());
    if (reply.code() == 404) {
      return null;
    }
    return checked(reply).json();
  }

  Reply send(String method, String path, String contentType, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .method(
                method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    try {
      var response = http.send(request.build(), BodyHandlers.ofByteArray());
      return new Reply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new ApiError(503, "ServiceUnavailable", "the store is unavailable: " + e, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "ServiceUnavailable", "interrupted", null);
    }
  }

  /** Opens the mock's WebSocket watch of a collection (every matching object, then changes). */
  CompletableFuture<WebSocket> watch(ResourcePath collection, WebSocket.Listener listener) {
    URI uri =
        URI.create(
            "ws://" + base.getHost() + ":" + base.getPort() + collection.toPath() + "?watch=true");
    return http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(uri, listener);
  }

  /** The reply when it is a success, otherwise the mock's error as an {@link ApiError}. */
  static Reply checked(Reply reply) {
    if (reply.ok()) {
      return reply;
    }
    String message = new String(reply.body(), java.nio.charset.StandardCharsets.UTF_8);
    try {
      JsonNode status = Json.parse(reply.body());
      if (status.hasNonNull("message")) {
        message = status.get("message").asText();
      }
    } catch (ApiError notJson) {
      // keep the raw text
    }
    throw new ApiError(reply.code(), reasonOf(reply.code()), message, null);
  }

  private static String reasonOf(int code) {
    return switch (code) {
      case 400 -> "BadRequest";
      case 404 -> "NotFound";
      case 409 -> "Conflict";
      case 415 -> "UnsupportedMediaType";
      case 422 -> "Invalid";
      default -> "InternalError";
    };
  }
}
