package dev.terminus.operator.engine;

import java.time.Instant;
import java.util.Optional;

/** Collects the earliest future instant at which an evaluation could decide differently. */
final class Wakeups {
  private Instant earliest;

  void at(Instant t) {
    if (t != null && (earliest == null || t.isBefore(earliest))) {
      earliest = t;
    }
  }

  Optional<Instant> earliest() {
    return Optional.ofNullable(earliest);
  }
}
