package dev.terminus.operator.harness;

import dev.terminus.crd.v1alpha1.Api;
import dev.terminus.kubesim.JobPods;
import dev.terminus.kubesim.JobStatuses;
import dev.terminus.kubesim.JobStatuses.Failure;
import dev.terminus.kubesim.Kubelet;
import dev.terminus.kubesim.StatusWriter;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Job controller and the kubelet do, one action at a time. Not thread-safe: {@link
 * FakeJobController} calls it from its single loop thread only, so actions never interleave.
 *
 * <p>Assumes {@code backoffLimit: 0}, as Terminus sets: the first Pod failure fails the Job.
 */
final class JobDriver {

  private static final Logger LOG = LoggerFactory.getLogger(JobDriver.class);
  private static final long RETRY_NANOS = Duration.ofMillis(200).toNanos();

  private final KubernetesClient client;
  private final StatusWriter writer;
  private final Function<String, Job> cachedJob;
  private final Map<String, Run> runsByJobUid = new HashMap<>();

  /**
   * @param cachedJob the latest Job seen by the informer, by "namespace/name"
   */
  JobDriver(KubernetesClient client, Function<String, Job> cachedJob) {
    this.client = client;
    this.writer = new StatusWriter(client);
    this.cachedJob = cachedJob;
  }

  /** A Job appeared: create its Pod and start it, unless it is not ours to start. */
  void jobAdded(Job seen, Script script) {
    String uid = seen.getMetadata().getUid();
    if (runsByJobUid.containsKey(uid)) {
      return;
    }
    Job job = cachedJob.apply(key(seen));
    if (job == null || !uid.equals(job.getMetadata().getUid())) {
      return; // deleted (or replaced) before we got to it
    }
    if (JobStatuses.isFinished(job) || JobStatuses.hasStarted(job)) {
      return; // someone else drives it: a test writing status, or an earlier controller
    }
    Behaviour behaviour = script.behaviourFor(label(job, Api.LABEL_NODE), attempt(job));
    LOG.info("Job {}: {}", key(job), behaviour);
    if (behaviour.isNone()) {
      return;
    }
    Run run = new Run(job, createPod(job), behaviour.plan());
    runsByJobUid.put(uid, run);
    Instant now = Instant.now();
    run.saw(writer.updateJobStatus(job, j -> JobStatuses.started(now)));
  }

  /** Garbage collection: a deleted Job takes its Pods with it. */
  void jobDeleted(Job job) {
    Run run = runsByJobUid.remove(job.getMetadata().getUid());
    if (run != null) {
      run.expectPodDeletion();
    }
    podsOf(job).forEach(pod -> client.resource(pod).delete());
  }

  /**
   * A Pod vanished. If it was the running Pod of a Job and nobody here deleted it, the Job
   * controller counts it as failed (Pod tracking finalizers make that so on a real cluster), and
   * with backoffLimit 0 the Job fails.
   */
  void podDeleted(Pod pod) {
    Run run = runsByJobUid.get(JobPods.ownerUid(pod));
    if (run == null
        || run.isFinished()
        || run.isPodDeletionExpected()
        || !run.podName.equals(pod.getMetadata().getName())) {
      return;
    }
    LOG.info("Pod {} of {} vanished: the Job fails", run.podName, run.jobKey());
    run.finish();
    run.saw((Pod) null);
    failJob(run.job(), Failure.BACKOFF_LIMIT_EXCEEDED, false, Instant.now());
  }

  /** Takes every step whose time has come. */
  void advanceDueSteps() {
    for (Run run : List.copyOf(runsByJobUid.values())) {
      long now = System.nanoTime();
      Step step = run.dueStep(now);
      if (step == null) {
        continue;
      }
      try {
        take(run, step);
        run.stepDone(System.nanoTime());
      } catch (RuntimeException e) {
        LOG.warn("Step of {} failed; retrying", run, e);
        run.retryLater(now, RETRY_NANOS);
      }
    }
  }

  /** Fails every Job that has been active for longer than its activeDeadlineSeconds. */
  void enforceDeadlines() {
    Instant now = Instant.now();
    for (Run run : List.copyOf(runsByJobUid.values())) {
      try {
        if (!run.isFinished() && deadlinePassed(run, now)) {
          failForDeadline(run, now);
        }
      } catch (RuntimeException e) {
        LOG.warn("Deadline of {} not enforced", run, e);
      }
    }
  }

  /** Manual control: the container exits 0 now and the Job completes. */
  void complete(Job job) {
    Instant now = Instant.now();
    stopRun(job);
    terminatePod(job, p -> Kubelet.terminated(p, now, 0, "Completed", null));
    succeedJob(job, now);
  }

  /** Manual control: the container exits with {@code exitCode} now and the Job fails. */
  void fail(Job job, int exitCode, String message) {
    Instant now = Instant.now();
    stopRun(job);
    terminatePod(job, p -> Kubelet.terminated(p, now, exitCode, "Error", message));
    failJob(job, Failure.BACKOFF_LIMIT_EXCEEDED, false, now);
  }

  /** The Job's newest Pod, or null. */
  Pod currentPod(Job job) {
    return JobPods.newest(podsOf(job));
  }

  private void take(Run run, Step step) {
    if (run.pod() == null) {
      return; // the Pod is gone; podDeleted() decided what that means
    }
    Instant now = Instant.now();
    run.saw(writer.updatePodStatus(run.pod(), p -> step.transition().apply(p, now)));
    if (run.pod() == null) {
      return;
    }
    switch (step.effect()) {
      case READY ->
          run.saw(writer.updateJobStatus(run.job(), j -> JobStatuses.ready(j.getStatus(), now)));
      case SUCCEEDED -> {
        run.finish();
        succeedJob(run.job(), now);
      }
      case FAILED -> {
        run.finish();
        failJob(run.job(), Failure.BACKOFF_LIMIT_EXCEEDED, false, now);
      }
      case NONE -> {}
    }
  }

  private boolean deadlinePassed(Run run, Instant now) {
    Job job = cachedJob.apply(run.jobKey());
    if (job == null || !run.jobUid.equals(job.getMetadata().getUid())) {
      return false;
    }
    Long seconds = job.getSpec().getActiveDeadlineSeconds();
    return seconds != null && !now.isBefore(run.startedAt.plusSeconds(seconds));
  }

  /**
   * As the real controller: mark the Job FailureTarget and delete its Pod (whose container the
   * kubelet kills first), then, with the Pod gone, mark the Job Failed.
   */
  private void failForDeadline(Run run, Instant now) {
    LOG.info("{} exceeded its activeDeadlineSeconds", run.jobKey());
    run.finish();
    run.expectPodDeletion();
    Pod pod = run.pod();
    boolean podAlive = pod != null && !Kubelet.isTerminal(pod);
    Failure deadline = Failure.DEADLINE_EXCEEDED;
    Job job =
        writer.updateJobStatus(
            run.job(), j -> JobStatuses.failureTarget(j.getStatus(), deadline, podAlive, now));
    if (pod != null) {
      if (podAlive) {
        writer.updatePodStatus(pod, p -> Kubelet.killed(p, now));
      }
      client.resource(pod).delete();
      run.saw((Pod) null);
    }
    if (job != null) {
      writer.updateJobStatus(job, j -> JobStatuses.failed(j.getStatus(), deadline, now));
    }
  }

  private void succeedJob(Job known, Instant now) {
    Job met =
        writer.updateJobStatus(known, j -> JobStatuses.successCriteriaMet(j.getStatus(), now));
    if (met != null) {
      writer.updateJobStatus(met, j -> JobStatuses.complete(j.getStatus(), now));
    }
  }

  private void failJob(Job known, Failure failure, boolean podTerminating, Instant now) {
    Job target =
        writer.updateJobStatus(
            known, j -> JobStatuses.failureTarget(j.getStatus(), failure, podTerminating, now));
    if (target != null) {
      writer.updateJobStatus(target, j -> JobStatuses.failed(j.getStatus(), failure, now));
    }
  }

  /** A manual control takes over: the script stops driving the Job. */
  private void stopRun(Job job) {
    if (JobStatuses.isFinished(job)) {
      throw new IllegalStateException("Job " + key(job) + " has already finished");
    }
    Run run = runsByJobUid.get(job.getMetadata().getUid());
    if (run != null) {
      run.finish();
    }
  }

  private void terminatePod(Job job, Function<Pod, PodStatus> change) {
    Pod pod = currentPod(job);
    if (pod != null && !Kubelet.isTerminal(pod)) {
      writer.updatePodStatus(pod, change);
    }
  }

  private Pod createPod(Job job) {
    for (int attempt = 1; ; attempt++) {
      try {
        return client.resource(JobPods.newPod(job, null)).create();
      } catch (KubernetesClientException e) {
        // A random suffix can collide with an existing Pod; the real controller retries too.
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == 3) {
          throw e;
        }
      }
    }
  }

  private List<Pod> podsOf(Job job) {
    return client
        .pods()
        .inNamespace(job.getMetadata().getNamespace())
        .withLabel(JobPods.CONTROLLER_UID, job.getMetadata().getUid())
        .list()
        .getItems();
  }

  private static String label(Job job, String key) {
    Map<String, String> labels = job.getMetadata().getLabels();
    String value = labels == null ? null : labels.get(key);
    return value == null ? "" : value;
  }

  private static int attempt(Job job) {
    try {
      return Integer.parseInt(label(job, Api.LABEL_ATTEMPT));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String key(Job job) {
    return job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
  }
}
