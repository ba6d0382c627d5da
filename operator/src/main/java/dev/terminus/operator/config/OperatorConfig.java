package dev.terminus.operator.config;

import dev.terminus.operator.engine.EngineConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Operator settings, read from environment variables (documented in the README's configuration
 * table). Every duration is a bound on a wait.
 *
 * @param watchNamespaces namespaces to watch; empty means all
 * @param resyncPeriod re-examine every execution at least this often, events or not (watchdog)
 * @param workflowNotFoundTimeout how long an execution waits for a missing Workflow
 * @param deadlineGrace how long past a node's deadline before the watchdog deletes the Job
 * @param defaultNodeDeadline a node's Job deadline when neither node nor defaults set one
 * @param defaultPendingTimeout how long a Pod may stay pending when the node sets no bound
 * @param podLostGrace how long an active Job may lack the Pod it had before the node is Lost
 * @param deletionTimeout how long cleanup may retry before a deleted execution is released
 * @param workerImage image of nodes that name a component but no image
 * @param reconcileThreads concurrent reconciles
 * @param leaderElection run active/passive behind a Lease, for several replicas
 * @param projections where execution history and live events are projected (both optional)
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    Duration resyncPeriod,
    Duration workflowNotFoundTimeout,
    Duration deadlineGrace,
    Duration defaultNodeDeadline,
    Duration defaultPendingTimeout,
    Duration podLostGrace,
    Duration deletionTimeout,
    String workerImage,
    int reconcileThreads,
    boolean leaderElection,
    ProjectionConfig projections) {

  public static OperatorConfig defaults() {
    return new OperatorConfig(
        Set.of(),
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        Duration.ofSeconds(30),
        Duration.ofHours(1),
        Duration.ofMinutes(10),
        Duration.ofSeconds(60),
        Duration.ofSeconds(60),
        "ghcr.io/terminus-dev/worker:0.1.0",
        10,
        false,
        ProjectionConfig.NONE);
  }

  /** Reads TERMINUS_* variables over the defaults; a malformed value fails fast at start. */
  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    OperatorConfig d = defaults();
    return new OperatorConfig(
        namespaces(env.get("TERMINUS_WATCH_NAMESPACES")),
        seconds(env, "TERMINUS_RESYNC_SECONDS", d.resyncPeriod),
        seconds(env, "TERMINUS_WORKFLOW_NOT_FOUND_TIMEOUT_SECONDS", d.workflowNotFoundTimeout),
        seconds(env, "TERMINUS_DEADLINE_GRACE_SECONDS", d.deadlineGrace),
        seconds(env, "TERMINUS_DEFAULT_NODE_DEADLINE_SECONDS", d.defaultNodeDeadline),
        seconds(env, "TERMINUS_DEFAULT_PENDING_TIMEOUT_SECONDS", d.defaultPendingTimeout),
        seconds(env, "TERMINUS_POD_LOST_GRACE_SECONDS", d.podLostGrace),
        seconds(env, "TERMINUS_DELETION_TIMEOUT_SECONDS", d.deletionTimeout),
        env.getOrDefault("TERMINUS_WORKER_IMAGE", d.workerImage),
        Integer.parseInt(
            env.getOrDefault("TERMINUS_RECONCILE_THREADS", String.valueOf(d.reconcileThreads))),
        Boolean.parseBoolean(env.getOrDefault("TERMINUS_LEADER_ELECTION", "false")),
        ProjectionConfig.fromEnvironment(env));
  }

  public EngineConfig engine() {
    return new EngineConfig(
        workflowNotFoundTimeout,
        deadlineGrace,
        defaultPendingTimeout,
        podLostGrace,
        5,
        5,
        256,
        1024);
  }

  public OperatorConfig withResyncPeriod(Duration value) {
    return new OperatorConfig(
        watchNamespaces,
        value,
        workflowNotFoundTimeout,
        deadlineGrace,
        defaultNodeDeadline,
        defaultPendingTimeout,
        podLostGrace,
        deletionTimeout,
        workerImage,
        reconcileThreads,
        leaderElection,
        projections);
  }

  public OperatorConfig withWorkflowNotFoundTimeout(Duration value) {
    return new OperatorConfig(
        watchNamespaces,
        resyncPeriod,
        value,
        deadlineGrace,
        defaultNodeDeadline,
        defaultPendingTimeout,
        podLostGrace,
        deletionTimeout,
        workerImage,
        reconcileThreads,
        leaderElection,
        projections);
  }

  public OperatorConfig withDeadlineGrace(Duration value) {
    return new OperatorConfig(
        watchNamespaces,
        resyncPeriod,
        workflowNotFoundTimeout,
        value,
        defaultNodeDeadline,
        defaultPendingTimeout,
        podLostGrace,
        deletionTimeout,
        workerImage,
        reconcileThreads,
        leaderElection,
        projections);
  }

  public OperatorConfig withPodLostGrace(Duration value) {
    return new OperatorConfig(
        watchNamespaces,
        resyncPeriod,
        workflowNotFoundTimeout,
        deadlineGrace,
        defaultNodeDeadline,
        defaultPendingTimeout,
        value,
        deletionTimeout,
        workerImage,
        reconcileThreads,
        leaderElection,
        projections);
  }

  public OperatorConfig withDeletionTimeout(Duration value) {
    return new OperatorConfig(
        watchNamespaces,
        resyncPeriod,
        workflowNotFoundTimeout,
        deadlineGrace,
        defaultNodeDeadline,
        defaultPendingTimeout,
        podLostGrace,
        value,
        workerImage,
        reconcileThreads,
        leaderElection,
        projections);
  }

  public OperatorConfig withWatchNamespaces(Set<String> value) {
    return new OperatorConfig(
        value,
        resyncPeriod,
        workflowNotFoundTimeout,
        deadlineGrace,
        defaultNodeDeadline,
        defaultPendingTimeout,
        podLostGrace,
        deletionTimeout,
        workerImage,
        reconcileThreads,
        leaderElection,
        projections);
  }

  public OperatorConfig withProjections(ProjectionConfig value) {
    return new OperatorConfig(
        watchNamespaces,
        resyncPeriod,
        workflowNotFoundTimeout,
        deadlineGrace,
        defaultNodeDeadline,
        defaultPendingTimeout,
        podLostGrace,
        deletionTimeout,
        workerImage,
        reconcileThreads,
        leaderElection,
        value);
  }

  private static Set<String> namespaces(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return Set.of(value.trim().split("\\s*,\\s*"));
  }

  private static Duration seconds(Map<String, String> env, String key, Duration fallback) {
    String v = env.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    long s = Long.parseLong(v.trim());
    if (s <= 0) {
      throw new IllegalArgumentException(key + " must be a positive number of seconds, got " + v);
    }
    return Duration.ofSeconds(s);
  }
}
