package dev.terminus.worker.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on a loopback port (the JDK's com.sun.net.httpserver) that records every
 * request and answers with whatever the test scripted for the path.
 */
public final class FakeHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();

  /** A request as the server saw it. */
  public record Recorded(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  /** What to answer. */
  public record Reply(int status, String body, Map<String, String> headers) {
    public static Reply of(int status, String body) {
      return new Reply(status, body, Map.of());
    }
  }

  /** Picks the reply to a request. */
  public interface Handler {
    Reply handle(Recorded request);
  }

  private FakeHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
  }

  public static FakeHttpServer start() {
    try {
      FakeHttpServer fake = new FakeHttpServer();
      fake.server.start();
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public FakeHttpServer on(String path, Handler handler) {
    server.createContext(path, exchange -> answer(exchange, handler));
    return this;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange, Handler handler) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Recorded request =
          new Recorded(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              exchange.getRequestURI().getRawQuery(),
              Map.copyOf(exchange.getRequestHeaders()),
              body);
      requests.add(request);
      Reply reply = handler.handle(request);
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    }
  }
}
