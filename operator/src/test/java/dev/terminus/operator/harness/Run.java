package dev.terminus.operator.harness;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.List;

/**
 * The fake controller's memory of one Job it started: the Job and its Pod as last written, and how
 * far the Pod's {@link Step plan} got. Touched only by the controller's loop thread.
 */
final class Run {

  final String jobUid;
  final String podName;

  /** When the Pod was created; the activeDeadlineSeconds clock starts here. */
  final Instant startedAt;

  private final List<Step> plan;
  private Job job;
  private Pod pod;
  private int next;
  private long dueAtNanos;
  private boolean finished;
  private boolean podDeletionExpected;

  Run(Job job, Pod pod, List<Step> plan) {
    this.jobUid = job.getMetadata().getUid();
    this.podName = pod.getMetadata().getName();
    this.job = job;
    this.pod = pod;
    this.plan = plan;
    this.startedAt = Instant.now();
    this.dueAtNanos = plan.isEmpty() ? 0 : System.nanoTime() + plan.get(0).delay().toNanos();
  }

  /** The step whose time has come, or null. */
  Step dueStep(long nowNanos) {
    if (finished || next >= plan.size() || nowNanos - dueAtNanos < 0) {
      return null;
    }
    return plan.get(next);
  }

  void stepDone(long nowNanos) {
    next++;
    if (next < plan.size()) {
      dueAtNanos = nowNanos + plan.get(next).delay().toNanos();
    }
  }

  /** Try the current step again later (the API failed). */
  void retryLater(long nowNanos, long delayNanos) {
    dueAtNanos = nowNanos + delayNanos;
  }

  /** The Job as last written (possibly stale: writes retry on conflict). */
  Job job() {
    return job;
  }

  /** The Pod as last written, or null once it is gone. */
  Pod pod() {
    return pod;
  }

  /** Remembers what a write returned; a null Job (deleted) keeps the last one for its name. */
  void saw(Job written) {
    if (written != null) {
      job = written;
    }
  }

  void saw(Pod written) {
    pod = written;
  }

  /** The Job reached Complete or Failed: nothing more happens to it. */
  void finish() {
    finished = true;
  }

  boolean isFinished() {
    return finished;
  }

  /** The controller is about to delete the Pod itself; its disappearance is no surprise. */
  void expectPodDeletion() {
    podDeletionExpected = true;
  }

  boolean isPodDeletionExpected() {
    return podDeletionExpected;
  }

  String jobKey() {
    return job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
  }

  @Override
  public String toString() {
    return "Job " + jobKey() + " (pod " + podName + ", step " + next + "/" + plan.size() + ")";
  }
}
