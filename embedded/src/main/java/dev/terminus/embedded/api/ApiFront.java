package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.terminus.kubesim.Daemons;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes API as kubectl sees it: an HTTP server on localhost in front of the fabric8 mock
 * server (the store), adding what a real API server has and the mock lacks: discovery, OpenAPI v3,
 * server-side apply, RFC 7386 merge patch, strategic merge patch, status paths with query strings,
 * Table responses, HTTP-streaming watches, selectors, schema validation, protobuf request bodies
 * (decoded to JSON) and answers to {@code kubectl auth can-i}.
 */
public final class ApiFront implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiFront.class);

  private final HttpServer server;
  private final ExecutorService threads;
  private final ApiRouter router;

  private ApiFront(HttpServer server, ExecutorService threads, ApiRouter router) {
    this.server = server;
    this.threads = threads;
    this.router = router;
  }

  /**
   * Starts the front on 127.0.0.1:{@code port} (0: any free port) for the store at {@code store}.
   */
  public static ApiFront start(URI store, int port) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    // One thread per request: watches hold theirs for as long as the client watches.
    ExecutorService threads = Executors.newCachedThreadPool(Daemons.named("api-front"));
    ApiFront front = new ApiFront(server, threads, new ApiRouter(new Upstream(store)));
    server.setExecutor(threads);
    server.createContext("/", front::handle);
    server.start();
    return front;
  }

  /** Where kubectl finds the API, e.g. {@code http://127.0.0.1:45123}. */
  public URI url() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort());
  }

  /** Serves {@code kubectl logs} from these logs. */
  public void setPodLogs(PodLogs logs) {
    router.setPodLogs(logs);
  }

  @Override
  public void close() {
    router.close();
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      ApiRequest request = ApiRequest.read(exchange);
      LOG.debug("{} {} {}", request.method(), exchange.getRequestURI(), request.accept());
      try {
        router.route(request, exchange);
      } catch (ApiError e) {
        send(exchange, e.code(), e.status());
      } catch (RuntimeException e) {
        LOG.warn("{} {} failed", request.method(), exchange.getRequestURI(), e);
        send(exchange, 500, new ApiError(500, "InternalError", e.toString(), null).status());
      }
    } catch (IOException e) {
      LOG.debug("Client went away: {}", e.toString());
    }
  }

  /** Sends a complete JSON answer. */
  static void send(HttpExchange exchange, int code, JsonNode body) throws IOException {
    byte[] bytes = Json.bytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
