package dev.terminus.operator.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a Kubernetes API path: {@code /api/v1/namespaces/ns/pods/name/status?watch=true}
 * gives resource "pods", name "name", subresource "status", and whether it is a watch.
 */
record ApiPath(String resource, String name, String subresource, boolean watch) {

  static ApiPath parse(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    boolean watch = query.contains("watch=true") || query.contains("watch=1");
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        segments.add(s);
      }
    }
    int base = baseLength(segments);
    if (base < 0 || segments.size() <= base) {
      return new ApiPath("", "", "", watch);
    }
    List<String> rest = segments.subList(base, segments.size());
    if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
      rest = rest.subList(2, rest.size());
    }
    return new ApiPath(
        rest.get(0), rest.size() > 1 ? rest.get(1) : "", rest.size() > 2 ? rest.get(2) : "", watch);
  }

  /** How many segments the group and version take: /api/v1 or /apis/group/version. */
  private static int baseLength(List<String> segments) {
    if (segments.isEmpty()) {
      return -1;
    }
    return switch (segments.get(0)) {
      case "api" -> 2;
      case "apis" -> 3;
      default -> -1;
    };
  }

  /** The Kubernetes verb of an HTTP method on this path. */
  String verb(String method) {
    boolean collection = name.isEmpty();
    return switch (method) {
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> collection ? "deletecollection" : "delete";
      case "GET" -> resource.isEmpty() ? "other" : watch ? "watch" : collection ? "list" : "get";
      default -> "other";
    };
  }
}
