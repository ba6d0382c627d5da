package dev.terminus.kubesim;

import java.time.Duration;
import java.util.Objects;

/**
 * What the simulated container of one Pod does, as the node agent plays it: start and run for a
 * while, then exit, be OOM-killed or evicted; or run until the Pod is deleted; or never start
 * (waiting with a reason, as for a missing image or Secret). Immutable.
 */
public final class PodPlan {

  /** How the run ends. */
  public enum Ending {
    EXIT,
    OOM_KILLED,
    EVICTED,
    RUN_FOREVER,
    NEVER_STARTS
  }

  private final Ending ending;
  private final Duration runTime;
  private final int exitCode;
  private final String terminationMessage;
  private final String waitingReason;
  private final String waitingMessage;

  private PodPlan(
      Ending ending,
      Duration runTime,
      int exitCode,
      String terminationMessage,
      String waitingReason,
      String waitingMessage) {
    this.ending = ending;
    this.runTime = runTime;
    this.exitCode = exitCode;
    this.terminationMessage = terminationMessage;
    this.waitingReason = waitingReason;
    this.waitingMessage = waitingMessage;
  }

  /** Exits 0 after {@code runTime}, writing {@code terminationMessage} (may be null). */
  public static PodPlan succeed(Duration runTime, String terminationMessage) {
    return exit(0, runTime, terminationMessage);
  }

  /** Exits with {@code exitCode} after {@code runTime}. */
  public static PodPlan exit(int exitCode, Duration runTime, String terminationMessage) {
    return new PodPlan(Ending.EXIT, runTime, exitCode, terminationMessage, null, null);
  }

  /** Killed by the kernel's OOM killer after {@code runTime}: exit 137, reason OOMKilled. */
  public static PodPlan oomKilled(Duration runTime) {
    return new PodPlan(Ending.OOM_KILLED, runTime, 137, null, null, null);
  }

  /** Evicted by the kubelet under memory pressure after {@code runTime}. */
  public static PodPlan evicted(Duration runTime) {
    return new PodPlan(Ending.EVICTED, runTime, 137, null, null, null);
  }

  /** Runs until its Pod is deleted (a Job deadline, a cancel, the garbage collector). */
  public static PodPlan runForever() {
    return new PodPlan(Ending.RUN_FOREVER, Duration.ZERO, 0, null, null, null);
  }

  /** The container never starts: waiting with {@code reason}, e.g. ImagePullBackOff. */
  public static PodPlan neverStarts(String reason, String message) {
    return new PodPlan(
        Ending.NEVER_STARTS,
        Duration.ZERO,
        0,
        null,
        Objects.requireNonNull(reason),
        Objects.requireNonNull(message));
  }

  public Ending ending() {
    return ending;
  }

  public Duration runTime() {
    return runTime;
  }

  public int exitCode() {
    return exitCode;
  }

  public String terminationMessage() {
    return terminationMessage;
  }

  public String waitingReason() {
    return waitingReason;
  }

  public String waitingMessage() {
    return waitingMessage;
  }
}
