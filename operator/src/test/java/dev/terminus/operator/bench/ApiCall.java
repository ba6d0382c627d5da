package dev.terminus.operator.bench;

/**
 * One request as the API server served it.
 *
 * @param client who sent it, from its User-Agent (see {@link Tag})
 * @param verb the Kubernetes verb: create, update, patch, delete, deletecollection, get, list,
 *     watch, or other (discovery, version)
 * @param resource the resource's plural ("jobs", "workflowexecutions"), or "" for other paths
 * @param subresource "status", or "" when none
 * @param name the object's name, or "" for collection requests
 * @param code the HTTP status of the answer
 * @param startNanos {@link System#nanoTime()} when the server began handling it
 * @param endNanos {@link System#nanoTime()} when the answer was ready
 * @param body the request body when it was kept for analysis (see {@link ApiLedger}), else null
 */
record ApiCall(
    Tag client,
    String verb,
    String resource,
    String subresource,
    String name,
    int code,
    long startNanos,
    long endNanos,
    String body) {

  boolean isWrite() {
    return switch (verb) {
      case "create", "update", "patch", "delete", "deletecollection" -> true;
      default -> false;
    };
  }

  boolean isRead() {
    return verb.equals("get") || verb.equals("list");
  }

  boolean isWatch() {
    return verb.equals("watch");
  }

  long serviceNanos() {
    return endNanos - startNanos;
  }

  /** e.g. "patch workflowexecutions/status". */
  String kind() {
    return verb + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource);
  }
}
