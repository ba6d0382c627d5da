package dev.terminus.operator.bench;

import java.util.Locale;

/** Numbers as the table prints them: three significant digits or so. */
final class Format {

  private Format() {}

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    double abs = Math.abs(value);
    String pattern = abs >= 100 ? "%.0f" : abs >= 10 ? "%.1f" : abs >= 1 ? "%.2f" : "%.3f";
    return String.format(Locale.ROOT, pattern, value);
  }
}
