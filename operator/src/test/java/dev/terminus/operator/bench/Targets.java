package dev.terminus.operator.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoublePredicate;

/** The targets, checked against the figures of a run. */
final class Targets {

  private Targets() {}

  /** One target: the figure it reads, the bound, and whether the run met it. */
  record Check(String target, String figure, double value, boolean met) {}

  static List<Check> check(List<Figure> figures) {
    List<Check> checks = new ArrayList<>();
    add(
        checks,
        figures,
        "at most 2 API writes per node attempt",
        "api.writesPerAttempt",
        v -> v <= 2);
    add(checks, figures, "throughput ratio at least 0.5", "throughput.ratio", v -> v >= 0.5);
    add(checks, figures, "failure detection p99 under 1 s", "latency.detectionP99", v -> v < 1000);
    return checks;
  }

  static Map<String, Object> asMap(List<Check> checks) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Check c : checks) {
      out.put(c.target(), Map.of("figure", c.figure(), "value", c.value(), "met", c.met()));
    }
    return out;
  }

  private static void add(
      List<Check> checks, List<Figure> figures, String target, String key, DoublePredicate bound) {
    find(figures, key)
        .ifPresent(f -> checks.add(new Check(target, key, f.value(), bound.test(f.value()))));
  }

  private static Optional<Figure> find(List<Figure> figures, String key) {
    return figures.stream().filter(f -> f.key().equals(key)).findFirst();
  }
}
