package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The columns {@code kubectl get} shows for the built-in kinds, computed as the API server's
 * printers compute them (pkg/printers/internalversion), for the kinds Terminus involves.
 */
final class BuiltInColumns {

  private final Supplier<Instant> now;

  BuiltInColumns(Supplier<Instant> now) {
    this.now = now;
  }

  List<Column> of(ResourceType type) {
    return switch (type.group() + "/" + type.plural()) {
      case "/pods" -> pods();
      case "batch/jobs" -> jobs();
      case "/events" -> events();
      case "/namespaces" ->
          List.of(
              Column.name(),
              Column.text(
                  "Status",
                  "The status of the namespace",
                  o -> o.path("status").path("phase").asText("Active")),
              age());
      case "/secrets" ->
          List.of(
              Column.name(),
              Column.text("Type", "The type of the secret", o -> o.path("type").asText("Opaque")),
              count("Data", "data"),
              age());
      case "/configmaps" -> List.of(Column.name(), count("Data", "data"), age());
      case "apiextensions.k8s.io/customresourcedefinitions" ->
          List.of(
              Column.name(),
              Column.of(
                  "Created At",
                  "date",
                  "",
                  0,
                  "",
                  o -> Column.textNode(o.path("metadata").path("creationTimestamp").asText())));
      default -> List.of(Column.name(), age());
    };
  }

  /** "Age" of an object, from its creationTimestamp. */
  Column age() {
    return Column.text(
        "Age",
        "CreationTimestamp is a timestamp representing the server time when"
            + " this object was created.",
        o -> Ages.since(text(o, "metadata", "creationTimestamp"), now.get()));
  }

  private List<Column> pods() {
    return List.of(
        Column.name(),
        Column.text(
            "Ready",
            "The aggregate readiness state of this pod for accepting traffic.",
            BuiltInColumns::podReady),
        Column.text(
            "Status",
            "The aggregate status of the containers in this pod.",
            BuiltInColumns::podStatus),
        Column.text(
            "Restarts",
            "The number of times the containers in this pod have been"
                + " restarted and when the last container in this pod has restarted.",
            BuiltInColumns::podRestarts),
        age(),
        Column.wide(
            "IP",
            "The IP address assigned to the pod",
            o -> o.path("status").path("podIP").asText("<none>")),
        Column.wide(
            "Node",
            "The name of the node this pod is scheduled on",
            o -> o.path("spec").path("nodeName").asText("<none>")));
  }

  private List<Column> jobs() {
    return List.of(
        Column.name(),
        Column.text("Status", "Status of the job.", BuiltInColumns::jobStatus),
        Column.text(
            "Completions", "The completion status of the job.", BuiltInColumns::jobCompletions),
        Column.text("Duration", "Time required to complete the job.", this::jobDuration),
        age(),
        Column.wide(
            "Containers",
            "Names of each container in the template.",
            o -> joined(o.path("spec").path("template").path("spec").path("containers"), "name")),
        Column.wide(
            "Images",
            "Images referenced by each container in the template.",
            o -> joined(o.path("spec").path("template").path("spec").path("containers"), "image")));
  }

  private List<Column> events() {
    return List.of(
        Column.text("Last Seen", "Time when last this event was seen", this::eventLastSeen),
        Column.text("Type", "Type of this event", o -> text(o, "type")),
        Column.text("Reason", "Reason why this event was generated", o -> text(o, "reason")),
        Column.text(
            "Object",
            "The object this event is about",
            o ->
                text(o, "involvedObject", "kind").toLowerCase(Locale.ROOT)
                    + "/"
                    + text(o, "involvedObject", "name")),
        Column.text(
            "Message",
            "A human-readable description of the status of this operation.",
            o -> text(o, "message").trim()));
  }

  private static Column count(String name, String field) {
    return Column.of(
        name,
        "integer",
        "",
        0,
        "Number of items",
        o -> com.fasterxml.jackson.databind.node.IntNode.valueOf(o.path(field).size()));
  }

  private static String podReady(JsonNode pod) {
    int total = pod.path("spec").path("containers").size();
    int ready = 0;
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      if (status.path("ready").asBoolean()) {
        ready++;
      }
    }
    return ready + "/" + total;
  }

  /** As kubectl's printPod: the phase, overridden by a container's waiting or terminated reason. */
  static String podStatus(JsonNode pod) {
    JsonNode status = pod.path("status");
    String reason = status.path("reason").asText(status.path("phase").asText("Pending"));
    for (JsonNode container : status.path("containerStatuses")) {
      JsonNode state = container.path("state");
      String waiting = state.path("waiting").path("reason").asText("");
      JsonNode terminated = state.path("terminated");
      if (!waiting.isEmpty()) {
        reason = waiting;
      } else if (!terminated.isMissingNode()) {
        reason =
            terminated
                .path("reason")
                .asText(
                    terminated.has("signal")
                        ? "Signal:" + terminated.path("signal").asInt()
                        : "ExitCode:" + terminated.path("exitCode").asInt());
      }
    }
    if (pod.path("metadata").has("deletionTimestamp")) {
      reason = "Terminating";
    }
    return reason;
  }

  private static String podRestarts(JsonNode pod) {
    int restarts = 0;
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      restarts += status.path("restartCount").asInt();
    }
    return String.valueOf(restarts);
  }

  static String jobStatus(JsonNode job) {
    if (hasCondition(job, "Complete")) {
      return "Complete";
    } else if (hasCondition(job, "Failed")) {
      return "Failed";
    } else if (job.path("metadata").has("deletionTimestamp")) {
      return "Terminating";
    } else if (hasCondition(job, "Suspended")) {
      return "Suspended";
    } else if (hasCondition(job, "FailureTarget")) {
      return "FailureTarget";
    } else if (hasCondition(job, "SuccessCriteriaMet")) {
      return "SuccessCriteriaMet";
    }
    return "Running";
  }

  private static String jobCompletions(JsonNode job) {
    int completions = job.path("spec").path("completions").asInt(1);
    return job.path("status").path("succeeded").asInt(0) + "/" + completions;
  }

  private String jobDuration(JsonNode job) {
    String start = text(job, "status", "startTime");
    if (start.isEmpty()) {
      return "";
    }
    String end = text(job, "status", "completionTime");
    Instant until = end.isEmpty() ? now.get() : Instant.parse(end);
    return Ages.human(Duration.between(Instant.parse(start), until));
  }

  private String eventLastSeen(JsonNode event) {
    for (String field : List.of("lastTimestamp", "eventTime", "firstTimestamp")) {
      String at = text(event, field);
      if (!at.isEmpty()) {
        return Ages.since(at.replaceFirst("\\.\\d+Z$", "Z"), now.get());
      }
    }
    return Ages.since(text(event, "metadata", "creationTimestamp"), now.get());
  }

  private static boolean hasCondition(JsonNode job, String type) {
    for (JsonNode c : job.path("status").path("conditions")) {
      if (type.equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
        return true;
      }
    }
    return false;
  }

  private static String joined(JsonNode list, String field) {
    List<String> values = new java.util.ArrayList<>();
    list.forEach(n -> values.add(n.path(field).asText()));
    return String.join(",", values);
  }

  private static String text(JsonNode node, String... path) {
    String value = Json.textAt(node, path);
    return value == null ? "" : value;
  }
}
