package dev.terminus.embedded.runner;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * One Job as the local runner runs it: its Pod, the process playing the Pod's container, and the
 * files of the Pod. Used only from its Job's {@link Lane}, one task at a time.
 */
final class JobRun {

  final String jobUid;
  final String jobKey;
  final Path dir;
  final Instant startedAt;
  private Job job;
  private Pod pod;
  private volatile Process process;
  private ScheduledFuture<?> deadline;
  private boolean finished;
  private boolean podDeletionExpected;

  JobRun(Job job, Pod pod, Path dir, Instant startedAt) {
    this.jobUid = job.getMetadata().getUid();
    this.jobKey = job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
    this.job = job;
    this.pod = pod;
    this.dir = dir;
    this.startedAt = startedAt;
  }

  Job job() {
    return job;
  }

  Pod pod() {
    return pod;
  }

  /** The latest Job the runner wrote; null (it is gone) keeps the previous one. */
  void saw(Job written) {
    if (written != null) {
      job = written;
    }
  }

  void saw(Pod written) {
    if (written != null) {
      pod = written;
    }
  }

  String podName() {
    return pod.getMetadata().getName();
  }

  void started(Process started) {
    this.process = started;
  }

  void deadlineAt(ScheduledFuture<?> task) {
    this.deadline = task;
  }

  boolean isFinished() {
    return finished;
  }

  /** The container's end is decided: later process exits, deadlines and deletions are ignored. */
  void finish() {
    finished = true;
    if (deadline != null) {
      deadline.cancel(false);
    }
  }

  /** Kills the container's processes, if they still run. */
  void kill() {
    if (process != null && process.isAlive()) {
      ProcessTree.kill(process.toHandle());
    }
  }

  void expectPodDeletion() {
    podDeletionExpected = true;
  }

  boolean isPodDeletionExpected() {
    return podDeletionExpected;
  }

  @Override
  public String toString() {
    return "Job " + jobKey;
  }
}
