package dev.terminus.operator.chaos;

import dev.terminus.operator.config.OperatorConfig;
import dev.terminus.operator.config.Setting;
import java.time.Duration;

/**
 * The size and seed of a chaos run, and the timing every part of it shares. {@code make test} runs
 * the defaults; {@code make chaos} passes {@code -Dterminus.chaos.executions} and {@code
 * -Dterminus.chaos.seed}.
 *
 * @param executions how many executions to run
 * @param seed the seed of everything random: DAGs, behaviours, the fault schedule
 */
record ChaosSettings(int executions, long seed) {

  static final String EXECUTIONS_PROPERTY = "terminus.chaos.executions";
  static final String SEED_PROPERTY = "terminus.chaos.seed";
  static final int DEFAULT_EXECUTIONS = 30;
  static final long DEFAULT_SEED = 20261129L;

  /** All chaos executions live here, away from anything else the cluster holds. */
  static final String NAMESPACE = "chaos";

  /** The watchdog period: short, so that a run that relies on it still ends quickly. */
  static final Duration RESYNC = Duration.ofSeconds(3);

  static final Duration DEADLINE_GRACE = Duration.ofSeconds(2);

  /**
   * Added to every execution's bound for what the bound's formula does not count: the time from
   * creation to the first reconcile, reconcile retries after injected API errors (0.5 s, then 1 s),
   * and a loaded 2-core machine.
   */
  static final Duration FIXED_SLACK = Duration.ofSeconds(5);

  /** Creations are spread over the run, at most this far apart. */
  private static final Duration LAUNCH_SPACING = Duration.ofMillis(600);

  /** However few executions there are, they are launched over at least this long. */
  private static final Duration MIN_LAUNCH_WINDOW = Duration.ofSeconds(15);

  ChaosSettings {
    if (executions < 1) {
      throw new IllegalArgumentException(EXECUTIONS_PROPERTY + " must be at least 1");
    }
  }

  static ChaosSettings fromSystemProperties() {
    return new ChaosSettings(
        Integer.getInteger(EXECUTIONS_PROPERTY, DEFAULT_EXECUTIONS),
        Long.getLong(SEED_PROPERTY, DEFAULT_SEED));
  }

  /** Fast settings, as OperatorHarness.fastConfig(): the watchdog runs every few seconds. */
  OperatorConfig operatorConfig() {
    return OperatorConfig.defaults()
        .with(Setting.RESYNC, RESYNC)
        .with(Setting.DEADLINE_GRACE, DEADLINE_GRACE)
        .with(Setting.WORKFLOW_NOT_FOUND_TIMEOUT, Duration.ofSeconds(3));
  }

  /** The pause between two creations: the launch window divided evenly. */
  Duration launchInterval() {
    Duration window = LAUNCH_SPACING.multipliedBy(executions);
    if (window.compareTo(MIN_LAUNCH_WINDOW) < 0) {
      window = MIN_LAUNCH_WINDOW;
    }
    return window.dividedBy(executions);
  }

  /** How to run this again: the Maven flags that reproduce the same plan and fault schedule. */
  String reproduction() {
    return "-D" + EXECUTIONS_PROPERTY + "=" + executions + " -D" + SEED_PROPERTY + "=" + seed;
  }
}
