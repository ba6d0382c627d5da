package dev.terminus.embedded.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The outside world of a workflow, on 127.0.0.1 at ephemeral ports, in the test's JVM: the node
 * processes the local runner starts reach them as a Pod reaches a service.
 */
final class FakeServers {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeServers() {}

  /** A plain-text page at {@code /facts}. */
  static final class TextPage implements AutoCloseable {
    private final HttpServer server;
    final Queue<String> requests = new ConcurrentLinkedQueue<>();

    TextPage(String body) throws IOException {
      server = loopbackServer();
      server.createContext(
          "/facts",
          exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            respond(exchange, 200, "text/plain; charset=utf-8", body);
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/facts";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /**
   * An OpenAI-compatible {@code POST /v1/chat/completions}. For {@link #MODEL} it answers 200 with
   * {@code choices[0].message.content} = {@code "summary of (<last message's content>)"} and {@link
   * #TOTAL_TOKENS} tokens of usage; for any other model, 404 {@code model_not_found}, quoting the
   * key it was given, as careless providers do (the worker must redact it). Every Authorization
   * header it sees is kept.
   */
  static final class ChatCompletions implements AutoCloseable {
    static final String MODEL = "fake-model-1";
    static final long TOTAL_TOKENS = 42;

    private final HttpServer server;
    final Queue<String> authorizations = new ConcurrentLinkedQueue<>();
    final Queue<JsonNode> requests = new ConcurrentLinkedQueue<>();

    ChatCompletions() throws IOException {
      server = loopbackServer();
      server.createContext("/v1/chat/completions", this::complete);
      server.start();
    }

    /** The {@code baseUrl} of an llm node's config. */
    String baseUrl() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private void complete(HttpExchange exchange) throws IOException {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      authorizations.add(String.valueOf(authorization));
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      requests.add(request);
      String model = request.path("model").asText();
      if (!MODEL.equals(model)) {
        ObjectNode error = JSON.createObjectNode();
        error
            .putObject("error")
            .put("type", "invalid_request_error")
            .put("code", "model_not_found")
            .put(
                "message",
                "The model `"
                    + model
                    + "` does not exist or you do not have access to it ("
                    + authorization
                    + ")");
        respond(exchange, 404, "application/json", error.toString());
        return;
      }
      JsonNode messages = request.path("messages");
      String last = messages.path(messages.size() - 1).path("content").asText();
      ObjectNode answer = JSON.createObjectNode();
      answer.put("id", "chatcmpl-e2e").put("object", "chat.completion").put("model", model);
      answer
          .putArray("choices")
          .addObject()
          .put("index", 0)
          .put("finish_reason", "stop")
          .putObject("message")
          .put("role", "assistant")
          .put("content", "summary of (" + last + ")");
      answer
          .putObject("usage")
          .put("prompt_tokens", TOTAL_TOKENS - 12)
          .put("completion_tokens", 12)
          .put("total_tokens", TOTAL_TOKENS);
      respond(exchange, 200, "application/json", answer.toString());
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private static HttpServer loopbackServer() throws IOException {
    return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
    exchange.close();
  }
}
