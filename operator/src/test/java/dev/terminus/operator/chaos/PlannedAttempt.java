package dev.terminus.operator.chaos;

import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.operator.harness.Behaviour;
import java.time.Duration;

/**
 * What one node attempt does in the fake cluster, and how Terminus should classify it when nothing
 * else interferes.
 *
 * @param behaviour what the fake kubelet does with the attempt's Pod
 * @param failure the node reason the attempt should fail with, or null when it should succeed
 * @param exitCode the container's exit code when it exits non-zero, else null
 */
record PlannedAttempt(Behaviour behaviour, Reason failure, Integer exitCode) {

  static PlannedAttempt succeedAfter(Duration runTime) {
    return new PlannedAttempt(Behaviour.succeedAfter(runTime), null, null);
  }

  static PlannedAttempt exit(int code) {
    return new PlannedAttempt(Behaviour.exit(code, "chaos exit " + code), Reason.Error, code);
  }

  static PlannedAttempt oomKilled() {
    return new PlannedAttempt(Behaviour.oomKilled(), Reason.OOMKilled, 137);
  }

  /** Runs until the Job's activeDeadlineSeconds ends it. */
  static PlannedAttempt runForever() {
    return new PlannedAttempt(Behaviour.runForever(), Reason.DeadlineExceeded, null);
  }

  static PlannedAttempt imagePullBackOff() {
    return new PlannedAttempt(
        Behaviour.imagePullBackOff("registry.invalid/chaos:missing"), Reason.ImagePullFailed, null);
  }

  static PlannedAttempt createContainerConfigError() {
    return new PlannedAttempt(
        Behaviour.createContainerConfigError("secret \"chaos-cred\" not found"),
        Reason.ConfigError,
        null);
  }

  static PlannedAttempt evicted() {
    return new PlannedAttempt(Behaviour.evicted(), Reason.Evicted, null);
  }

  boolean succeeds() {
    return failure == null;
  }

  @Override
  public String toString() {
    return behaviour.toString();
  }
}
