package dev.terminus.operator.config;

import dev.terminus.operator.engine.EngineConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Operator settings: a value for each {@link Setting} (declared there, with its default and
 * meaning), read from environment variables. Every duration is a bound on a wait. Immutable: {@link
 * #with} returns a changed copy. Secrets are never printed: {@link #toString()} masks them.
 */
public final class OperatorConfig {
  private final Map<Setting<?>, Object> values;

  private OperatorConfig(Map<Setting<?>, Object> values) {
    this.values = values;
  }

  public static OperatorConfig defaults() {
    return fromEnvironment(Map.of());
  }

  /**
   * Reads every {@link Setting} over its default; a malformed value fails fast, naming each
   * variable that is wrong and what it expects.
   */
  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    Map<Setting<?>, Object> values = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (Setting<?> s : Setting.ALL) {
      try {
        values.put(s, s.parse(env.get(s.name())));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid configuration: " + String.join("; ", problems));
    }
    return new OperatorConfig(values);
  }

  /** The value of {@code setting}; null for an optional one that is unset. */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    return (T) values.get(setting);
  }

  /** This configuration with {@code setting} set to {@code value} (null: unset). */
  public <T> OperatorConfig with(Setting<T> setting, T value) {
    Map<Setting<?>, Object> changed = new HashMap<>(values);
    changed.put(setting, value);
    return new OperatorConfig(changed);
  }

  /** This configuration with the four projection settings taken from {@code p}. */
  public OperatorConfig with(ProjectionConfig p) {
    return with(Setting.POSTGRES_URL, p.postgresUrl())
        .with(Setting.POSTGRES_USER, p.postgresUser())
        .with(Setting.POSTGRES_PASSWORD, p.postgresPassword())
        .with(Setting.REDIS_URL, p.redisUrl());
  }

  /** Namespaces to watch; empty means all. */
  public Set<String> watchNamespaces() {
    Set<String> namespaces = get(Setting.WATCH_NAMESPACES);
    return namespaces == null ? Set.of() : namespaces;
  }

  /** Re-examine every execution at least this often, events or not (watchdog). */
  public Duration resyncPeriod() {
    return get(Setting.RESYNC);
  }

  public Duration workflowNotFoundTimeout() {
    return get(Setting.WORKFLOW_NOT_FOUND_TIMEOUT);
  }

  public Duration deadlineGrace() {
    return get(Setting.DEADLINE_GRACE);
  }

  public Duration defaultNodeDeadline() {
    return get(Setting.DEFAULT_NODE_DEADLINE);
  }

  public Duration defaultPendingTimeout() {
    return get(Setting.DEFAULT_PENDING_TIMEOUT);
  }

  public Duration podLostGrace() {
    return get(Setting.POD_LOST_GRACE);
  }

  public Duration deletionTimeout() {
    return get(Setting.DELETION_TIMEOUT);
  }

  public String workerImage() {
    return get(Setting.WORKER_IMAGE);
  }

  public int reconcileThreads() {
    return get(Setting.RECONCILE_THREADS);
  }

  public boolean leaderElection() {
    return get(Setting.LEADER_ELECTION);
  }

  /** Where execution history and live events are projected (both optional). */
  public ProjectionConfig projections() {
    return new ProjectionConfig(
        get(Setting.POSTGRES_URL),
        get(Setting.POSTGRES_USER),
        get(Setting.POSTGRES_PASSWORD),
        get(Setting.REDIS_URL));
  }

  public EngineConfig engine() {
    return new EngineConfig(
        workflowNotFoundTimeout(),
        deadlineGrace(),
        defaultPendingTimeout(),
        podLostGrace(),
        5,
        5,
        256,
        1024);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OperatorConfig other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(values);
  }

  /** Safe to log: every setting, secrets masked. */
  @Override
  public String toString() {
    return Setting.ALL.stream()
        .map(s -> s.name() + "=" + s.printable(values.get(s)))
        .collect(Collectors.joining(", ", "OperatorConfig[", "]"));
  }
}
