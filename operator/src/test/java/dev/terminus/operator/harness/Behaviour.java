package dev.terminus.operator.harness;

import dev.terminus.kubesim.Kubelet;
import dev.terminus.operator.harness.Step.Effect;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the fake cluster does with the Pod of one node attempt. Immutable; build one with the static
 * factories and refine it with {@link #after(Duration)} and {@link
 * #withTerminationMessage(String)}.
 *
 * <p>Every behaviour but {@link #none()} starts the same way: the Pod is created Pending, is
 * scheduled ({@code PodScheduled} True, container waiting {@code ContainerCreating}) and then does
 * its thing. {@link #after(Duration)} sets when the characteristic event happens: how long the
 * container runs before it exits or is evicted, or how long the Pod sits in {@code
 * ContainerCreating} before the waiting reason appears.
 */
public final class Behaviour {

  /** Binding by the scheduler. */
  static final Duration SCHEDULING = Duration.ofMillis(10);

  /** Sandbox and image: from scheduled to the container starting or failing to. */
  static final Duration CONTAINER_CREATING = Duration.ofMillis(20);

  /** How long a container runs when nobody says otherwise: "succeed quickly". */
  static final Duration DEFAULT_RUN_TIME = Duration.ofMillis(50);

  /** From the first failed pull (ErrImagePull) to the kubelet backing off (ImagePullBackOff). */
  static final Duration IMAGE_PULL_RETRY = Duration.ofMillis(100);

  private enum Kind {
    EXIT,
    RUN_FOREVER,
    IMAGE_PULL_BACK_OFF,
    CREATE_CONTAINER_CONFIG_ERROR,
    UNSCHEDULABLE,
    EVICTED,
    NONE
  }

  private final Kind kind;
  private final Duration after;
  private final int exitCode;
  private final String reason;
  private final String message;
  private final String image;

  private Behaviour(
      Kind kind, Duration after, int exitCode, String reason, String message, String image) {
    this.kind = kind;
    this.after = after;
    this.exitCode = exitCode;
    this.reason = reason;
    this.message = message;
    this.image = image;
  }

  /** Runs briefly and exits 0 (reason Completed); the Job completes. */
  public static Behaviour succeed() {
    return exitWith(0, "Completed", null);
  }

  public static Behaviour succeedAfter(Duration runTime) {
    return succeed().after(runTime);
  }

  /** Exits with {@code exitCode} (reason Error); the Job fails with BackoffLimitExceeded. */
  public static Behaviour exit(int exitCode, String terminationMessage) {
    if (exitCode == 0) {
      return succeed().withTerminationMessage(terminationMessage);
    }
    return exitWith(exitCode, "Error", terminationMessage);
  }

  /** Killed by the OOM killer: exit 137, reason OOMKilled; the Job fails. */
  public static Behaviour oomKilled() {
    return exitWith(137, "OOMKilled", null);
  }

  /** Runs until something stops it: the Job's activeDeadlineSeconds, a deletion, a test. */
  public static Behaviour runForever() {
    return new Behaviour(Kind.RUN_FOREVER, null, 0, null, null, null);
  }

  /** The image cannot be pulled: ErrImagePull, then ImagePullBackOff; the Pod stays Pending. */
  public static Behaviour imagePullBackOff(String image) {
    return new Behaviour(
        Kind.IMAGE_PULL_BACK_OFF, CONTAINER_CREATING, 0, null, null, Objects.requireNonNull(image));
  }

  /** The container cannot be configured (e.g. {@code secret "llm-cred" not found}). */
  public static Behaviour createContainerConfigError(String message) {
    return new Behaviour(
        Kind.CREATE_CONTAINER_CONFIG_ERROR,
        CONTAINER_CREATING,
        0,
        "CreateContainerConfigError",
        message,
        null);
  }

  /** No node fits: PodScheduled False, reason Unschedulable; the Pod stays Pending. */
  public static Behaviour unschedulable() {
    return new Behaviour(Kind.UNSCHEDULABLE, SCHEDULING, 0, null, null, null);
  }

  /** Runs, then is evicted under memory pressure; the Job fails with BackoffLimitExceeded. */
  public static Behaviour evicted() {
    return new Behaviour(Kind.EVICTED, DEFAULT_RUN_TIME, 0, null, null, null);
  }

  /**
   * The fake controller leaves the Job alone (no Pod, no status, no deadline) until a manual
   * control; the test writes what it needs.
   */
  public static Behaviour none() {
    return new Behaviour(Kind.NONE, null, 0, null, null, null);
  }

  /** The same behaviour with its characteristic event {@code delay} later (see class doc). */
  public Behaviour after(Duration delay) {
    if (kind == Kind.RUN_FOREVER || kind == Kind.NONE) {
      throw new IllegalStateException(kind + " has no event to delay");
    }
    return new Behaviour(kind, Objects.requireNonNull(delay), exitCode, reason, message, image);
  }

  /** The same behaviour, with the container writing {@code message} to its termination log. */
  public Behaviour withTerminationMessage(String terminationMessage) {
    if (kind != Kind.EXIT) {
      throw new IllegalStateException(kind + " has no container exit to carry a message");
    }
    return new Behaviour(kind, after, exitCode, reason, terminationMessage, image);
  }

  boolean isNone() {
    return kind == Kind.NONE;
  }

  /** The steps the scheduler and kubelet take, in order, after the Pod is created. */
  List<Step> plan() {
    switch (kind) {
      case EXIT:
        return List.of(
            scheduled(),
            started(),
            new Step(
                after,
                (pod, now) -> Kubelet.terminated(pod, now, exitCode, reason, message),
                exitCode == 0 ? Effect.SUCCEEDED : Effect.FAILED));
      case RUN_FOREVER:
        return List.of(scheduled(), started());
      case IMAGE_PULL_BACK_OFF:
        return List.of(
            scheduled(),
            Step.of(after, (pod, now) -> Kubelet.waiting(pod, now, "ErrImagePull", pullError())),
            Step.of(
                IMAGE_PULL_RETRY,
                (pod, now) -> Kubelet.waiting(pod, now, "ImagePullBackOff", backOffMessage())));
      case CREATE_CONTAINER_CONFIG_ERROR:
        return List.of(
            scheduled(), Step.of(after, (pod, now) -> Kubelet.waiting(pod, now, reason, message)));
      case UNSCHEDULABLE:
        return List.of(Step.of(after, Kubelet::unschedulable));
      case EVICTED:
        return List.of(scheduled(), started(), new Step(after, Kubelet::evicted, Effect.FAILED));
      case NONE:
        return List.of();
      default:
        throw new IllegalStateException("Unknown behaviour " + kind);
    }
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(kind.name().toLowerCase());
    if (kind == Kind.EXIT) {
      text.append('(').append(exitCode).append(' ').append(reason).append(')');
    }
    if (after != null) {
      text.append(" after ").append(after.toMillis()).append("ms");
    }
    return text.toString();
  }

  private static Behaviour exitWith(int exitCode, String reason, String message) {
    return new Behaviour(Kind.EXIT, DEFAULT_RUN_TIME, exitCode, reason, message, null);
  }

  private static Step scheduled() {
    return Step.of(SCHEDULING, Kubelet::containerCreating);
  }

  private static Step started() {
    return new Step(CONTAINER_CREATING, Kubelet::running, Effect.READY);
  }

  private String pullError() {
    return "rpc error: code = NotFound desc = failed to pull and unpack image \""
        + image
        + "\": not found";
  }

  private String backOffMessage() {
    return "Back-off pulling image \"" + image + "\"";
  }
}
