package dev.terminus.embedded.runner;

import dev.terminus.embedded.api.PodLogs;
import dev.terminus.kubesim.Daemons;
import dev.terminus.kubesim.Informers;
import dev.terminus.kubesim.JobPods;
import dev.terminus.kubesim.JobStatuses;
import dev.terminus.kubesim.JobStatuses.Failure;
import dev.terminus.kubesim.Kubelet;
import dev.terminus.kubesim.NodeRuntime;
import dev.terminus.kubesim.StatusWriter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the Job controller and the kubelet on this machine: for each new Job it creates the Pod,
 * runs the Pod's container as a local process with the container's environment, and writes Pod and
 * Job status the way Kubernetes does, termination message included. At the Job's {@code
 * activeDeadlineSeconds} it SIGKILLs the process and its children and fails the Job {@code
 * DeadlineExceeded}, as the Job controller does; a deleted Job takes its Pod and process with it.
 *
 * <p>Each Job has a {@link Lane}: its start, process exit, deadline and deletion are handled one at
 * a time, in order, so they never interleave; different Jobs proceed in parallel. Processes are
 * awaited by the JDK and report back to their Job's lane.
 */
public final class LocalRunner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalRunner.class);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final RunnerSettings settings;
  private final StatusWriter writer;
  private final ContainerLauncher launcher;
  private final ExecutorService pool = Executors.newCachedThreadPool(Daemons.named("local-runner"));
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(Daemons.named("local-runner-deadlines"));
  private final Map<String, Lane> lanesByJobUid = new ConcurrentHashMap<>();
  private final Map<String, JobRun> runsByJobUid = new ConcurrentHashMap<>();
  private final Map<String, Path> podDirs = new ConcurrentHashMap<>();
  private SharedIndexInformer<Job> jobs;
  private SharedIndexInformer<Pod> pods;
  private volatile boolean closing;

  public LocalRunner(KubernetesClient client, RunnerSettings settings) {
    this.client = client;
    this.settings = settings;
    this.writer = new StatusWriter(client);
    this.launcher = new ContainerLauncher(client, settings);
  }

  /** Watches Jobs and Pods in every namespace; returns once both informers have synced. */
  public LocalRunner start() {
    jobs = client.batch().v1().jobs().inAnyNamespace().runnableInformer(0);
    jobs.addEventHandler(
        Informers.onAddAndDelete(
            j -> inLane(uid(j), () -> jobAdded(j)), j -> inLane(uid(j), () -> jobDeleted(j))));
    pods = client.pods().inAnyNamespace().runnableInformer(0);
    pods.addEventHandler(
        Informers.onAddAndDelete(
            p -> {},
            p -> {
              String owner = JobPods.ownerUid(p);
              if (owner != null) {
                inLane(owner, () -> podDeleted(p));
              }
            }));
    Informers.startSynced(jobs, WAIT);
    Informers.startSynced(pods, WAIT);
    return this;
  }

  /** The logs of the Pods this runner ran, for {@code kubectl logs}. */
  public PodLogs podLogs() {
    return (namespace, pod, tailLines) -> {
      Path dir = podDirs.get(namespace + "/" + pod);
      if (dir == null) {
        return Optional.empty();
      }
      Path log = dir.resolve("log");
      return Optional.of(
          TerminationMessage.tail(
              log, tailLines < 0 ? Integer.MAX_VALUE : tailLines, Integer.MAX_VALUE));
    };
  }

  /** Stops watching and kills every process still running; leaves Job and Pod status as is. */
  @Override
  public void close() {
    closing = true;
    if (jobs != null) {
      jobs.close();
      pods.close();
    }
    timers.shutdownNow();
    runsByJobUid.values().forEach(JobRun::kill);
    pool.shutdown();
    try {
      pool.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // A start in progress may have launched a process meanwhile.
    runsByJobUid.values().forEach(JobRun::kill);
  }

  private void jobAdded(Job seen) {
    String uid = seen.getMetadata().getUid();
    Job job = jobs.getStore().getByKey(key(seen));
    if (runsByJobUid.containsKey(uid)
        || job == null
        || !uid.equals(job.getMetadata().getUid())
        || JobStatuses.isFinished(job)
        || JobStatuses.hasStarted(job)) {
      return; // gone, replaced, or driven by someone else (a test writing status by hand)
    }
    job = JobDefaults.apply(client, job);
    Instant now = Instant.now();
    Pod pod = client.resource(JobPods.newPod(job, NodeRuntime.NODE_NAME)).create();
    JobRun run = new JobRun(job, pod, podDir(pod), now);
    runsByJobUid.put(uid, run);
    podDirs.put(key(pod), run.dir);
    run.saw(writer.updateJobStatus(job, j -> JobStatuses.started(now)));
    scheduleDeadline(run);
    run.saw(writer.updatePodStatus(pod, p -> Kubelet.containerCreating(p, Instant.now())));
    startContainer(run);
  }

  private void startContainer(JobRun run) {
    ContainerLauncher.Launch launch = launcher.launch(run);
    if (launch instanceof ContainerLauncher.Waiting waiting) {
      LOG.info("{}: {}", run, waiting.message());
      run.saw(
          writer.updatePodStatus(
              run.pod(),
              p -> Kubelet.waiting(p, Instant.now(), waiting.reason(), waiting.message())));
      return; // waits, as the kubelet does, until the Job is deleted or its deadline passes
    }
    if (launch instanceof ContainerLauncher.Failed failed) {
      exited(run, failed.exitCode(), failed.reason(), failed.message());
      return;
    }
    Process process = ((ContainerLauncher.Started) launch).process();
    run.started(process);
    LOG.info(
        "{}: started {} (pid {})", run, ((ContainerLauncher.Started) launch).argv(), process.pid());
    process.onExit().thenAccept(p -> inLane(run.jobUid, () -> processExited(run, p.exitValue())));
    Instant now = Instant.now();
    run.saw(writer.updatePodStatus(run.pod(), p -> Kubelet.running(p, now)));
    run.saw(writer.updateJobStatus(run.job(), j -> JobStatuses.ready(j.getStatus(), now)));
  }

  private void processExited(JobRun run, int exitCode) {
    if (run.isFinished()) {
      return; // killed at the deadline or by a deletion, which decided the outcome
    }
    String message = TerminationMessage.ofPod(run.pod(), run.dir, exitCode);
    exited(run, exitCode, exitCode == 0 ? "Completed" : "Error", message);
  }

  /** The container ended: the Pod terminates, then the Job completes or fails. */
  private void exited(JobRun run, int exitCode, String reason, String message) {
    LOG.info("{}: container exited {} ({})", run, exitCode, reason);
    run.finish();
    Instant now = Instant.now();
    run.saw(
        writer.updatePodStatus(
            run.pod(), p -> Kubelet.terminated(p, now, exitCode, reason, message)));
    if (exitCode == 0) {
      Job met =
          writer.updateJobStatus(
              run.job(), j -> JobStatuses.successCriteriaMet(j.getStatus(), now));
      if (met != null) {
        writer.updateJobStatus(met, j -> JobStatuses.complete(j.getStatus(), now));
      }
    } else {
      failJob(run.job(), Failure.BACKOFF_LIMIT_EXCEEDED, false, now);
    }
  }

  private void scheduleDeadline(JobRun run) {
    Long seconds = run.job().getSpec().getActiveDeadlineSeconds();
    if (seconds == null) {
      return;
    }
    long delay = Duration.between(Instant.now(), run.startedAt.plusSeconds(seconds)).toMillis();
    run.deadlineAt(
        timers.schedule(
            () -> inLane(run.jobUid, () -> deadlinePassed(run)),
            Math.max(0, delay),
            TimeUnit.MILLISECONDS));
  }

  /**
   * As the Job controller at activeDeadlineSeconds: mark the Job FailureTarget, kill the container
   * (SIGKILL, process tree), delete the Pod, and mark the Job Failed with reason DeadlineExceeded.
   */
  private void deadlinePassed(JobRun run) {
    if (run.isFinished() || !runsByJobUid.containsKey(run.jobUid)) {
      return;
    }
    LOG.info("{} exceeded its activeDeadlineSeconds: killing its process", run);
    run.finish();
    run.expectPodDeletion();
    run.kill();
    Instant now = Instant.now();
    boolean podAlive = !Kubelet.isTerminal(run.pod());
    Failure deadline = Failure.DEADLINE_EXCEEDED;
    Job job =
        writer.updateJobStatus(
            run.job(), j -> JobStatuses.failureTarget(j.getStatus(), deadline, podAlive, now));
    if (podAlive) {
      writer.updatePodStatus(run.pod(), p -> Kubelet.killed(p, now));
    }
    client.resource(run.pod()).delete();
    if (job != null) {
      writer.updateJobStatus(job, j -> JobStatuses.failed(j.getStatus(), deadline, now));
    }
  }

  /** Garbage collection: a deleted Job takes its Pod, and the Pod's process, with it. */
  private void jobDeleted(Job job) {
    lanesByJobUid.remove(uid(job));
    JobRun run = runsByJobUid.remove(uid(job));
    if (run != null) {
      run.finish();
      run.expectPodDeletion();
      run.kill();
    }
    client
        .pods()
        .inNamespace(job.getMetadata().getNamespace())
        .withLabel(JobPods.CONTROLLER_UID, job.getMetadata().getUid())
        .delete();
  }

  /**
   * A Pod deleted by someone else (kubectl delete pod, say): its process is killed, and the Job,
   * with backoffLimit 0, fails as the Job controller would fail it.
   */
  private void podDeleted(Pod pod) {
    JobRun run = runsByJobUid.get(JobPods.ownerUid(pod));
    if (run == null
        || run.isFinished()
        || run.isPodDeletionExpected()
        || !run.podName().equals(pod.getMetadata().getName())) {
      return;
    }
    LOG.info("Pod {} of {} was deleted: killing its process; the Job fails", run.podName(), run);
    run.finish();
    run.kill();
    failJob(run.job(), Failure.BACKOFF_LIMIT_EXCEEDED, false, Instant.now());
  }

  private void failJob(Job known, Failure failure, boolean podTerminating, Instant now) {
    Job target =
        writer.updateJobStatus(
            known, j -> JobStatuses.failureTarget(j.getStatus(), failure, podTerminating, now));
    if (target != null) {
      writer.updateJobStatus(target, j -> JobStatuses.failed(j.getStatus(), failure, now));
    }
  }

  private Path podDir(Pod pod) {
    try {
      return Files.createDirectories(
          settings
              .workDir()
              .resolve("pods")
              .resolve(pod.getMetadata().getNamespace())
              .resolve(pod.getMetadata().getName()));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create the directory of " + key(pod), e);
    }
  }

  /** Runs the action in the lane of the Job with that uid, after its earlier actions. */
  private void inLane(String jobUid, Runnable action) {
    if (!closing) {
      lanesByJobUid
          .computeIfAbsent(jobUid, uid -> new Lane(pool))
          .execute(() -> safely("event", action));
    }
  }

  private static void safely(String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warn("Local runner: {} failed", what, e);
    }
  }

  private static String uid(HasMetadata resource) {
    return resource.getMetadata().getUid();
  }

  private static String key(HasMetadata resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}
