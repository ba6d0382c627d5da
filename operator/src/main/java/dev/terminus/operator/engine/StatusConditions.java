package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.Condition;
import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one place that writes conditions: each condition's lastTransitionTime changes only when its
 * status changes (Kubernetes' SetStatusCondition), and each carries the observed generation.
 * Execution conditions are named like a batch/v1 Job's, so {@code kubectl wait
 * --for=condition=Complete} and GitOps health checks read them as they read Jobs.
 */
public final class StatusConditions {
  public static final String RUNNING = "Running";
  public static final String COMPLETE = "Complete";
  public static final String FAILED = "Failed";
  public static final String VALID = "Valid";

  private StatusConditions() {}

  /** Running, Complete and Failed for an execution in {@code phase}. */
  public static List<Condition> forExecution(
      List<Condition> previous,
      ExecutionPhase phase,
      Reason reason,
      String message,
      long generation,
      Instant now) {
    List<Condition> out = new ArrayList<>();
    boolean running = phase == ExecutionPhase.Running;
    boolean complete = phase == ExecutionPhase.Succeeded;
    // Cancelled counts as Failed for Job-style readers: it ended without completing.
    boolean failed = phase == ExecutionPhase.Failed || phase == ExecutionPhase.Cancelled;
    String why = reason == null ? phase.name() : reason.name();
    out.add(set(previous, RUNNING, running, running ? why : phase.name(), null, generation, now));
    out.add(
        set(
            previous,
            COMPLETE,
            complete,
            complete ? why : phase.name(),
            complete ? message : null,
            generation,
            now));
    out.add(
        set(
            previous,
            FAILED,
            failed,
            failed ? why : phase.name(),
            failed ? message : null,
            generation,
            now));
    return out;
  }

  /** Sets one condition, keeping its lastTransitionTime unless its status changed. */
  public static Condition set(
      List<Condition> previous,
      String type,
      boolean value,
      String reason,
      String message,
      long generation,
      Instant now) {
    String status = value ? "True" : "False";
    String since =
        find(previous, type)
            .filter(c -> Objects.equals(c.status(), status))
            .map(Condition::lastTransitionTime)
            .orElse(Texts.time(now));
    return new Condition(type, status, reason, message, generation, since);
  }

  private static java.util.Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return java.util.Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.type())).findFirst();
  }
}
