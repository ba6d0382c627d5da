package dev.terminus.operator.bench;

import java.util.List;

/**
 * One measured figure.
 *
 * @param key a stable identifier, the key in results.json
 * @param label what it is, for the table
 * @param value the reported value (the median of the repetitions, where there are several)
 * @param unit its unit
 * @param samples the value of each repetition (one element when measured once)
 */
record Figure(String key, String label, double value, String unit, List<Double> samples) {

  static Figure of(String key, String label, double value, String unit) {
    return new Figure(key, label, value, unit, List.of(value));
  }

  /** The median of {@code samples}. */
  static Figure median(String key, String label, List<Double> samples, String unit) {
    return new Figure(key, label, Stats.median(samples), unit, List.copyOf(samples));
  }
}
