package dev.terminus.operator.engine;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Small helpers for bounded texts and RFC 3339 times in status. */
public final class Texts {
  private Texts() {}

  /** At most {@code max} characters, marked when cut. */
  public static String bounded(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    return s.substring(0, Math.max(0, max - 3)) + "...";
  }

  public static String time(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Parses an RFC 3339 time; a malformed one is treated as unknown, never thrown. */
  public static Instant parseTime(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
