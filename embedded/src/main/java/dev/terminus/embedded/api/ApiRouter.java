package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/** Sends each request to what serves it: discovery, OpenAPI, watches, reads or writes. */
final class ApiRouter implements AutoCloseable {

  private final ResourceCatalog catalog;
  private final Discovery discovery;
  private final OpenApi openApi;
  private final Reads reads;
  private final Writes writes;
  private final WatchStream watches;
  private volatile PodLogs podLogs = PodLogs.NONE;

  ApiRouter(Upstream upstream) {
    this.catalog = new ResourceCatalog(upstream);
    this.discovery = new Discovery(catalog);
    this.openApi = new OpenApi(catalog);
    Tables tables = new Tables(Instant::now);
    ListedByName listed = new ListedByName();
    this.reads = new Reads(upstream, tables, listed);
    this.writes = new Writes(upstream, reads, catalog);
    this.watches = new WatchStream(upstream, tables, listed);
  }

  void setPodLogs(PodLogs logs) {
    this.podLogs = logs;
  }

  void route(ApiRequest received, HttpExchange exchange) throws IOException {
    ApiRequest request = received.sendsProtobuf() ? ProtobufBodies.asJson(received) : received;
    if (request.acceptsOnlyProtobuf()) {
      throw ApiError.notAcceptable();
    }
    JsonNode fixed = fixedDocument(request.path());
    if (fixed != null) {
      ApiFront.send(exchange, 200, fixed);
      return;
    }
    Optional<ResourcePath> parsed = ResourcePath.parse(request.path());
    if (parsed.isEmpty()) {
      throw ApiError.notFound("the server could not find the requested resource");
    }
    ResourcePath path = parsed.get();
    ResourceType type =
        catalog
            .find(path)
            .orElseThrow(
                () ->
                    ApiError.notFound(
                        "the server could not find the requested resource ("
                            + path.resource()
                            + ")"));
    routeResource(request, path, type, exchange);
  }

  private void routeResource(
      ApiRequest request, ResourcePath path, ResourceType type, HttpExchange exchange)
      throws IOException {
    if ("log".equals(path.subresource()) && type.kind().equals("Pod")) {
      String tail = request.param("tailLines");
      sendText(
          exchange,
          podLogs
              .read(path.namespace(), path.name(), tail == null ? -1 : Integer.parseInt(tail))
              .orElseThrow(
                  () ->
                      ApiError.notFound(
                          "no log for pod \"" + path.name() + "\" (no process has run for it)")));
      return;
    }
    if (AccessReviews.answers(type)) {
      send(exchange, AccessReviews.answer(request, path, type));
      return;
    }
    switch (request.method()) {
      case "GET" -> {
        if (request.isWatch()) {
          watches.serve(request, path, type, exchange);
        } else {
          ApiFront.send(exchange, 200, reads.get(request, path, type));
        }
      }
      case "POST" -> send(exchange, writes.create(request, path, type));
      case "PUT" -> send(exchange, writes.update(request, path, type));
      case "PATCH" -> send(exchange, writes.patch(request, path, type));
      case "DELETE" -> send(exchange, writes.delete(request, path, type));
      default -> throw ApiError.methodNotAllowed(request.method());
    }
  }

  /** Discovery, OpenAPI and health documents; null for any other path. */
  private JsonNode fixedDocument(String path) {
    String p =
        path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    String[] s = p.split("/");
    if (p.equals("/version")) {
      return Discovery.version();
    } else if (p.equals("/api")) {
      return Discovery.coreVersions();
    } else if (p.equals("/apis")) {
      return discovery.groups();
    } else if (s.length == 3 && s[1].equals("api")) {
      return orNotFound(discovery.resourcesOrNull("", s[2]));
    } else if (s.length == 3 && s[1].equals("apis")) {
      return orNotFound(discovery.groupOrNull(s[2]));
    } else if (s.length == 4 && s[1].equals("apis")) {
      return orNotFound(discovery.resourcesOrNull(s[2], s[3]));
    } else if (p.equals("/openapi/v3")) {
      return openApi.index();
    } else if (p.startsWith("/openapi/v3/")) {
      return orNotFound(openApi.documentOrNull(p.substring("/openapi/v3/".length())));
    } else if (p.equals("/openapi/v2")) {
      throw ApiError.notFound("OpenAPI v2 is not served; kubectl uses v3");
    }
    return null;
  }

  private static JsonNode orNotFound(JsonNode document) {
    if (document == null) {
      throw ApiError.notFound("the server could not find the requested resource");
    }
    return document;
  }

  private static void send(HttpExchange exchange, Writes.Written written) throws IOException {
    for (String warning : written.warnings()) {
      exchange
          .getResponseHeaders()
          .add("Warning", "299 - \"" + warning.replace("\"", "\\\"") + "\"");
    }
    ApiFront.send(exchange, written.code(), written.object());
  }

  private static void sendText(HttpExchange exchange, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    // Watches end when their clients go or the server stops; nothing else is held.
  }
}
