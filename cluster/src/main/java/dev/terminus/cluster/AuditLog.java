package dev.terminus.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads kube-apiserver's JSON audit log: the requests every client made, in order. */
public final class AuditLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  public AuditLog(Path file) {
    this.file = file;
  }

  /** One request as the API server saw it (stage ResponseComplete). */
  public record Request(
      String user,
      String userAgent,
      String verb,
      String resource,
      String subresource,
      String namespace,
      String name,
      int code,
      java.time.Instant at) {

    public boolean isWrite() {
      return switch (verb) {
        case "create", "update", "patch", "delete", "deletecollection" -> true;
        default -> false;
      };
    }
  }

  /** How many lines the log has now: a mark to read only what comes after. */
  public long mark() {
    if (!Files.exists(file)) {
      return 0;
    }
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The completed requests logged after {@code mark} lines. */
  public List<Request> since(long mark) {
    List<Request> requests = new ArrayList<>();
    if (!Files.exists(file)) {
      return requests;
    }
    try (Stream<String> lines = Files.lines(file)) {
      lines.skip(mark).forEach(line -> parse(line, requests));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return requests;
  }

  private static void parse(String line, List<Request> into) {
    JsonNode event;
    try {
      event = JSON.readTree(line);
    } catch (IOException e) {
      return; // a line being written while read
    }
    if (!"ResponseComplete".equals(event.path("stage").asText())) {
      return;
    }
    JsonNode ref = event.path("objectRef");
    into.add(
        new Request(
            event.path("user").path("username").asText(),
            event.path("userAgent").asText(),
            event.path("verb").asText(),
            ref.path("resource").asText(),
            ref.path("subresource").asText(),
            ref.path("namespace").asText(),
            ref.path("name").asText(),
            event.path("responseStatus").path("code").asInt(),
            java.time.Instant.parse(event.path("stageTimestamp").asText("1970-01-01T00:00:00Z"))));
  }
}
