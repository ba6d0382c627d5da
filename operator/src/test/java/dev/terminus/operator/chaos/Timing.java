package dev.terminus.operator.chaos;

import java.time.Duration;

/**
 * How long an execution took to end, against its stated bound: its activeDeadlineSeconds, plus one
 * resync period (the watchdog catches a wake-up lost to a restart), plus the operator's downtime
 * while it ran, plus {@link ChaosSettings#FIXED_SLACK}. Both count from the moment the test created
 * the execution.
 *
 * @param toTerminal null when the execution was never seen terminal
 */
record Timing(String name, long deadlineSeconds, Duration bound, Duration toTerminal) {

  static Duration bound(long deadlineSeconds, Duration downtime) {
    return Duration.ofSeconds(deadlineSeconds)
        .plus(ChaosSettings.RESYNC)
        .plus(ChaosSettings.FIXED_SLACK)
        .plus(downtime);
  }

  boolean ended() {
    return toTerminal != null;
  }

  boolean withinBound() {
    return ended() && toTerminal.compareTo(bound) <= 0;
  }

  /** How much of the bound was left when it ended (negative when late). */
  Duration margin() {
    return bound.minus(toTerminal);
  }

  @Override
  public String toString() {
    return String.format(
        "%s: %s of a %.1f s bound (deadline %d s)",
        name,
        ended() ? String.format("%.1f s", toTerminal.toMillis() / 1000.0) : "not terminal",
        bound.toMillis() / 1000.0,
        deadlineSeconds);
  }
}
