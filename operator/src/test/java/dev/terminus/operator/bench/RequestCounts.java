package dev.terminus.operator.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** The requests one client made in a run, counted at the API server. */
final class RequestCounts {

  private final List<ApiCall> calls;

  RequestCounts(List<ApiCall> all, Tag client) {
    this.calls = all.stream().filter(c -> c.client() == client).toList();
  }

  /** Node attempts: Jobs the operator created (201), adoptions of an existing Job not counted. */
  static long attempts(List<ApiCall> all) {
    return all.stream()
        .filter(c -> c.client() == Tag.OPERATOR)
        .filter(c -> c.verb().equals("create") && c.resource().equals("jobs"))
        .filter(c -> c.code() == 201)
        .count();
  }

  long writes() {
    return count(ApiCall::isWrite);
  }

  long reads() {
    return count(ApiCall::isRead);
  }

  long lists() {
    return count(c -> c.verb().equals("list"));
  }

  long gets() {
    return count(c -> c.verb().equals("get"));
  }

  long watches() {
    return count(ApiCall::isWatch);
  }

  /** Failed requests (4xx, 5xx), e.g. 409 conflicts. */
  long errors() {
    return count(c -> c.code() >= 400);
  }

  /** Successful requests of one verb on one resource and subresource ("" for none). */
  double count(String verb, String resource, String subresource) {
    return count(
        c ->
            c.verb().equals(verb)
                && c.resource().equals(resource)
                && c.subresource().equals(subresource)
                && c.code() < 400);
  }

  long serverNanos() {
    return calls.stream().mapToLong(ApiCall::serviceNanos).sum();
  }

  /** Count per kind ("patch workflowexecutions/status"), sorted by kind. */
  Map<String, Long> byKind() {
    Map<String, Long> out = new TreeMap<>();
    calls.forEach(
        c -> out.merge(c.kind() + (c.code() >= 400 ? " (" + c.code() + ")" : ""), 1L, Long::sum));
    return out;
  }

  private long count(Predicate<ApiCall> p) {
    return calls.stream().filter(p).count();
  }
}
