package dev.terminus.operator.bench;

import java.util.Collection;
import java.util.List;

/** Medians and percentiles (nearest rank) of samples. */
final class Stats {

  private Stats() {}

  static double median(Collection<Double> samples) {
    return percentile(samples, 50);
  }

  /** The nearest-rank percentile; NaN when there are no samples. */
  static double percentile(Collection<Double> samples, double p) {
    if (samples.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = samples.stream().sorted().toList();
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
