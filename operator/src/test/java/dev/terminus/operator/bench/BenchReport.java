package dev.terminus.operator.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the benchmarks found: figures (for the table and the JSON) and details (JSON only). */
final class BenchReport {

  private final List<Figure> figures = new ArrayList<>();
  private final Map<String, Object> details = new LinkedHashMap<>();

  void add(Figure figure) {
    figures.add(figure);
    System.out.printf(
        "  %-58s %12s %s%n", figure.label(), Format.number(figure.value()), figure.unit());
  }

  void detail(String key, Object value) {
    details.put(key, value);
  }

  List<Figure> figures() {
    return List.copyOf(figures);
  }

  Map<String, Object> details() {
    return details;
  }
}
