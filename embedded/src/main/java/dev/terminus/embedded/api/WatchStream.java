package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A watch over plain HTTP, as kubectl ({@code get -w}, {@code wait}, {@code delete}) makes it:
 * {@code ?watch=true} answered with a chunked stream of JSON watch events, one per line. The events
 * come from the mock's WebSocket watch; the front filters them by selector and by the
 * resourceVersion the client asked to start after, and turns their objects into Tables when asked.
 */
final class WatchStream {

  /** A newline every so often: JSON decoders skip it, and a client that left is noticed. */
  private static final long KEEPALIVE_SECONDS = 5;

  /** Marks the end of the mock's stream (compared by identity). */
  @SuppressWarnings("StringOperationCanBeSimplified")
  private static final String END = new String("end");

  private final Upstream upstream;
  private final Tables tables;
  private final ListedByName listed;

  WatchStream(Upstream upstream, Tables tables, ListedByName listed) {
    this.upstream = upstream;
    this.tables = tables;
    this.listed = listed;
  }

  void serve(ApiRequest request, ResourcePath path, ResourceType type, HttpExchange exchange)
      throws IOException {
    Predicate<JsonNode> selected = Selectors.of(request);
    if (path.name() != null) {
      selected = selected.and(o -> path.name().equals(Json.textAt(o, "metadata", "name")));
    }
    long after = parseVersion(request.param("resourceVersion"));
    boolean initialEvents = "true".equals(request.param("sendInitialEvents"));
    Events events = new Events();
    WebSocket socket = open(path.collection(), events);
    try {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      Stream stream = new Stream(out, request, type, selected, after);
      if (initialEvents) {
        stream.after = stream.sendList(path.collection());
      } else if (after > 0) {
        reportDeletedMeanwhile(request, path, type, stream);
      }
      pump(events, stream, deadline(request));
    } finally {
      socket.abort();
    }
  }

  /**
   * The mock replays no history: an object deleted between the client's list and this watch would
   * never be reported, and {@code kubectl delete} or {@code kubectl wait} would wait forever. When
   * the client listed the object by name at the version it watches from and found it, and it is
   * gone now (checked after the mock's watch is open, so a later deletion is an event), the
   * deletion is reported as the API server's history would report it.
   */
  private void reportDeletedMeanwhile(
      ApiRequest request, ResourcePath path, ResourceType type, Stream stream) throws IOException {
    String name = ListedByName.nameSelected(request.param("fieldSelector"));
    if (name == null
        || path.namespace() == null
        || !listed.wasPresent(path, name, stream.after)
        || upstream.getObject(path.withName(name)) != null) {
      return;
    }
    ObjectNode gone = Json.object().put("apiVersion", type.apiVersion()).put("kind", type.kind());
    gone.putObject("metadata")
        .put("name", name)
        .put("namespace", path.namespace())
        .put("resourceVersion", String.valueOf(stream.after + 1));
    stream.write("DELETED", gone);
  }

  private WebSocket open(ResourcePath collection, Events events) {
    try {
      return upstream.watch(collection, events).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new ApiError(503, "ServiceUnavailable", "cannot watch the store: " + e, null);
    }
  }

  private static void pump(Events events, Stream stream, long deadlineNanos) throws IOException {
    while (System.nanoTime() < deadlineNanos) {
      String message;
      try {
        message = events.queue.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (message == null) {
        stream.keepAlive();
      } else if (message == END) {
        return;
      } else {
        stream.send(Json.parse(message.getBytes(StandardCharsets.UTF_8)));
      }
    }
  }

  private static long deadline(ApiRequest request) {
    String timeout = request.param("timeoutSeconds");
    long seconds = timeout == null ? TimeUnit.DAYS.toSeconds(1) : Long.parseLong(timeout);
    return System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
  }

  private static long parseVersion(String resourceVersion) {
    try {
      return resourceVersion == null || resourceVersion.isEmpty()
          ? 0
          : Long.parseLong(resourceVersion);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Writes events to the client. */
  private final class Stream {
    private final OutputStream out;
    private final ApiRequest request;
    private final ResourceType type;
    private final Predicate<JsonNode> selected;
    private long after;

    Stream(
        OutputStream out,
        ApiRequest request,
        ResourceType type,
        Predicate<JsonNode> selected,
        long after) {
      this.out = out;
      this.request = request;
      this.type = type;
      this.selected = selected;
      this.after = after;
    }

    /**
     * An event of the mock. It replays every object as ADDED when the watch opens; those the client
     * already has (not newer than the version it asked to start after) are dropped.
     */
    void send(JsonNode event) throws IOException {
      JsonNode object = event.path("object");
      String kind = event.path("type").asText();
      if (!selected.test(object)) {
        return;
      }
      if (kind.equals("ADDED") && after > 0 && parseVersion(version(object)) <= after) {
        return;
      }
      write(kind, object);
    }

    /** Initial events of a watch-list: every object as ADDED, then the end bookmark. */
    long sendList(ResourcePath collection) throws IOException {
      JsonNode list = Upstream.checked(upstream.get(collection.toPath())).json();
      for (JsonNode item : list.path("items")) {
        if (selected.test(item)) {
          write("ADDED", item);
        }
      }
      String version = list.path("metadata").path("resourceVersion").asText("0");
      ObjectNode bookmark =
          Json.object().put("kind", type.kind()).put("apiVersion", type.apiVersion());
      bookmark
          .putObject("metadata")
          .put("resourceVersion", version)
          .putObject("annotations")
          .put("k8s.io/initial-events-end", "true");
      writeRaw("BOOKMARK", bookmark);
      return parseVersion(version);
    }

    void keepAlive() throws IOException {
      out.write('\n');
      out.flush();
    }

    private void write(String kind, JsonNode object) throws IOException {
      JsonNode shown =
          request.wantsTable()
              ? tables.table(type, List.of(object), version(object), request.param("includeObject"))
              : object;
      writeRaw(kind, shown);
    }

    private void writeRaw(String kind, JsonNode object) throws IOException {
      ObjectNode event = Json.object().put("type", kind);
      event.set("object", object);
      out.write(Json.bytes(event));
      out.write('\n');
      out.flush();
    }

    private String version(JsonNode object) {
      return Json.textAt(object, "metadata", "resourceVersion");
    }
  }

  /** Collects the mock's WebSocket messages (which may arrive in parts) into a queue. */
  private static final class Events implements WebSocket.Listener {
    final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        queue.add(partial.toString());
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
      queue.add(END);
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      queue.add(END);
    }
  }
}
