package dev.terminus.embedded.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A REST path of the Kubernetes API, parsed: {@code /api/v1/namespaces/default/pods/p1/status} is
 * group "", version v1, namespace default, resource pods, name p1, subresource status.
 *
 * @param namespace null for cluster-scoped resources and for lists across all namespaces
 * @param name null for a collection
 * @param subresource null for the resource itself
 */
record ResourcePath(
    String group,
    String version,
    String namespace,
    String resource,
    String name,
    String subresource) {

  /** Subresources of a namespace, which share the shape of a namespaced collection path. */
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  /** Parses {@code /api/v1/...} and {@code /apis/<group>/<version>/...}; empty for others. */
  static Optional<ResourcePath> parse(String path) {
    List<String> segments =
        new ArrayList<>(Arrays.asList(path.replaceAll("^/+|/+$", "").split("/")));
    String group;
    if (segments.size() >= 3 && segments.get(0).equals("api")) {
      group = "";
      segments.remove(0);
    } else if (segments.size() >= 4 && segments.get(0).equals("apis")) {
      group = segments.get(1);
      segments.subList(0, 2).clear();
    } else {
      return Optional.empty();
    }
    String version = segments.remove(0);
    return parseRest(group, version, segments);
  }

  private static Optional<ResourcePath> parseRest(String group, String version, List<String> rest) {
    String namespace = null;
    boolean namespacedPath =
        rest.size() >= 3
            && rest.get(0).equals("namespaces")
            && !(rest.size() == 3 && NAMESPACE_SUBRESOURCES.contains(rest.get(2)));
    if (namespacedPath) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    if (rest.isEmpty() || rest.size() > 3) {
      return Optional.empty();
    }
    return Optional.of(
        new ResourcePath(
            group,
            version,
            namespace,
            rest.get(0),
            rest.size() > 1 ? rest.get(1) : null,
            rest.size() > 2 ? rest.get(2) : null));
  }

  boolean isCollection() {
    return name == null;
  }

  boolean isStatus() {
    return "status".equals(subresource);
  }

  /** group/version, or just the version for the core group: an object's apiVersion. */
  String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The same path for another object of the collection. */
  ResourcePath withName(String other) {
    return new ResourcePath(group, version, namespace, resource, other, null);
  }

  /** The resource itself, without subresource. */
  ResourcePath object() {
    return new ResourcePath(group, version, namespace, resource, name, null);
  }

  /** The collection the object belongs to. */
  ResourcePath collection() {
    return new ResourcePath(group, version, namespace, resource, null, null);
  }

  /** The path as the API serves it, without a query. */
  String toPath() {
    StringBuilder path = new StringBuilder(group.isEmpty() ? "/api/" : "/apis/" + group + "/");
    path.append(version);
    if (namespace != null) {
      path.append("/namespaces/").append(namespace);
    }
    path.append('/').append(resource);
    if (name != null) {
      path.append('/').append(name);
    }
    if (subresource != null) {
      path.append('/').append(subresource);
    }
    return path.toString();
  }
}
