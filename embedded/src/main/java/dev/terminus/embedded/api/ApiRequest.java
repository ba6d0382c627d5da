package dev.terminus.embedded.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One HTTP request to the front: method, path, decoded query parameters, headers and body. */
record ApiRequest(
    String method,
    String path,
    Map<String, String> query,
    String contentType,
    String accept,
    byte[] body) {

  static ApiRequest read(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    return new ApiRequest(
        exchange.getRequestMethod().toUpperCase(Locale.ROOT),
        exchange.getRequestURI().getRawPath(),
        query(exchange.getRequestURI().getRawQuery()),
        lower(exchange.getRequestHeaders().getFirst("Content-Type")),
        lower(exchange.getRequestHeaders().getFirst("Accept")),
        body);
  }

  /** The same request with another body (a protobuf body decoded to JSON). */
  ApiRequest withBody(String newContentType, byte[] newBody) {
    return new ApiRequest(method, path, query, newContentType, accept, newBody);
  }

  String param(String name) {
    return query.get(name);
  }

  boolean isWatch() {
    String watch = param("watch");
    return "true".equals(watch) || "1".equals(watch);
  }

  /** The client asked for a Table (kubectl get's human-readable output). */
  boolean wantsTable() {
    return accept.contains("as=table");
  }

  /** Protobuf is the only thing the client would accept. */
  boolean acceptsOnlyProtobuf() {
    return accept.contains("protobuf")
        && !accept.contains("json")
        && !accept.contains("*/*")
        && !accept.contains("yaml");
  }

  boolean sendsProtobuf() {
    return contentType.contains("protobuf");
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      query.putIfAbsent(decode(key), decode(value));
    }
    return query;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static String lower(String header) {
    return header == null ? "" : header.toLowerCase(Locale.ROOT);
  }
}
