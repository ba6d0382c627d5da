package dev.terminus.operator.chaos;

import dev.terminus.crd.v1alpha1.Api;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.crd.v1alpha1.WorkflowExecutionSpec;
import dev.terminus.operator.chaos.FaultLog.Kind;
import dev.terminus.operator.chaos.PlanGenerator.Weighted;
import dev.terminus.operator.harness.FakeJobController;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The chaos thread: every few hundred milliseconds it picks a fault and applies it to something
 * alive in the chaos namespace, and every 10–20 s it restarts the operator.
 *
 * <p>What happens when is drawn from the seed: the sequence of faults, their parameters and the
 * restart gaps are the same in every run with that seed. Which Pod or Job a fault hits depends on
 * what is alive at that moment, so the interleaving with the operator is not reproducible to the
 * millisecond; the timeline in the {@link FaultLog} records what was hit.
 */
final class ChaosMonkey implements AutoCloseable {

  private static final List<Weighted<Kind>> FAULTS =
      List.of(
          new Weighted<>(20, Kind.POD_KILL),
          new Weighted<>(10, Kind.POD_LOST),
          new Weighted<>(15, Kind.JOB_DELETE),
          new Weighted<>(20, Kind.STATUS_WRITE_ERRORS),
          new Weighted<>(12, Kind.JOB_CREATE_ERRORS),
          new Weighted<>(8, Kind.JOB_DELETE_ERRORS),
          new Weighted<>(8, Kind.EVENT_ERRORS),
          new Weighted<>(4, Kind.CANCEL));

  private static final int MIN_GAP_MILLIS = 300;
  private static final int MAX_GAP_MILLIS = 1200;
  private static final int MIN_RESTART_GAP_MILLIS = 10_000;
  private static final int MAX_RESTART_GAP_MILLIS = 20_000;
  private static final int MIN_DOWNTIME_MILLIS = 500;
  private static final int MAX_DOWNTIME_MILLIS = 2000;

  /** How long a lost Pod goes unnoticed; short, as the pause freezes every Pod of the cluster. */
  private static final int MIN_PAUSE_MILLIS = 300;

  private static final int MAX_PAUSE_MILLIS = 1500;

  /** Failed requests per API fault. */
  private static final int MAX_FAILED_REQUESTS = 3;

  /**
   * Failures aimed at one execution's writes stay at two in a row, so that its reconcile retries
   * (after 0.5 s, then 1 s) fit in the fixed slack of its bound.
   */
  private static final int MAX_FAILED_REQUESTS_PER_OBJECT = 2;

  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final FakeJobController jobs;
  private final OperatorLifecycle operators;
  private final ExecutionTracker executions;
  private final ApiFaults api;
  private final FaultLog log;
  private final Random faults;
  private final Random restarts;
  private final Thread thread;
  private volatile boolean stopping;

  ChaosMonkey(
      long seed,
      KubernetesClient client,
      FakeJobController jobs,
      OperatorLifecycle operators,
      ExecutionTracker executions,
      ApiFaults api,
      FaultLog log) {
    this.client = client;
    this.jobs = jobs;
    this.operators = operators;
    this.executions = executions;
    this.api = api;
    this.log = log;
    // Two streams, so that the fault sequence does not depend on when restarts fall due.
    this.faults = new Random(seed ^ 0x5eed_fa17L);
    this.restarts = new Random(seed ^ 0x5eed_0b07L);
    this.thread = new Thread(this::run, "chaos-monkey");
    thread.setDaemon(true);
  }

  ChaosMonkey start() {
    thread.start();
    return this;
  }

  /** Stops after the fault in progress, which is let finish (a paused controller is resumed). */
  @Override
  public void close() throws InterruptedException {
    stopping = true;
    thread.join(STOP_WAIT.toMillis());
    if (thread.isAlive()) {
      throw new IllegalStateException("chaos thread did not stop within " + STOP_WAIT);
    }
  }

  private void run() {
    Instant nextRestart =
        Instant.now().plusMillis(between(restarts, MIN_RESTART_GAP_MILLIS, MAX_RESTART_GAP_MILLIS));
    while (!stopping) {
      sleepUnlessStopping(Duration.ofMillis(between(faults, MIN_GAP_MILLIS, MAX_GAP_MILLIS)));
      if (stopping) {
        return;
      }
      try {
        if (Instant.now().isAfter(nextRestart)) {
          restartOperator();
          nextRestart =
              Instant.now()
                  .plusMillis(between(restarts, MIN_RESTART_GAP_MILLIS, MAX_RESTART_GAP_MILLIS));
        } else {
          inject(PlanGenerator.pick(FAULTS, faults));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // A fault that could not be applied (its target vanished meanwhile) is no test failure.
        log.note("fault not applied: " + e);
      }
    }
  }

  private void inject(Kind kind) throws InterruptedException {
    // Every draw happens whatever the cluster holds, so the random sequence stays the same.
    int pick = faults.nextInt(Integer.MAX_VALUE);
    int times = 1 + faults.nextInt(MAX_FAILED_REQUESTS);
    Duration pause = Duration.ofMillis(between(faults, MIN_PAUSE_MILLIS, MAX_PAUSE_MILLIS));
    switch (kind) {
      case POD_KILL -> killPod(pick);
      case POD_LOST -> losePod(pick, pause);
      case JOB_DELETE -> deleteJob(pick);
      case STATUS_WRITE_ERRORS ->
          failStatusWrites(pick, Math.min(times, MAX_FAILED_REQUESTS_PER_OBJECT));
      case JOB_CREATE_ERRORS -> failJobCreations(times);
      case JOB_DELETE_ERRORS ->
          failJobDeletions(pick, Math.min(times, MAX_FAILED_REQUESTS_PER_OBJECT));
      case EVENT_ERRORS -> failEventCreations(times);
      case CANCEL -> cancel(pick);
      default -> throw new IllegalArgumentException(kind.name());
    }
  }

  /** The Job controller sees the Pod vanish and fails the Job (backoffLimit 0). */
  private void killPod(int pick) {
    Pod pod = choose(livePods(), pick);
    if (pod == null) {
      log.missed(Kind.POD_KILL);
      return;
    }
    jobs.deletePod(jobOf(pod));
    recordTouched(Kind.POD_KILL, pod);
  }

  /**
   * PodLost: with the Job controller paused, the Pod vanishes and the Job stays active without one,
   * as when a node dies and nobody has noticed yet; then the controller wakes up.
   */
  private void losePod(int pick, Duration pause) throws InterruptedException {
    Pod pod = choose(livePods(), pick);
    if (pod == null) {
      log.missed(Kind.POD_LOST);
      return;
    }
    jobs.pause();
    try {
      client.resource(pod).delete();
      recordTouched(Kind.POD_LOST, pod);
      Thread.sleep(pause.toMillis());
    } finally {
      jobs.resume();
    }
  }

  private void deleteJob(int pick) {
    Job job = choose(activeJobs(), pick);
    if (job == null) {
      log.missed(Kind.JOB_DELETE);
      return;
    }
    jobs.deleteJob(job.getMetadata().getName());
    recordTouched(Kind.JOB_DELETE, job);
  }

  private void failStatusWrites(int pick, int times) {
    String execution = choose(executions.live(), pick);
    if (execution == null) {
      log.missed(Kind.STATUS_WRITE_ERRORS);
      return;
    }
    api.failStatusWrites(execution, times);
    log.injected(Kind.STATUS_WRITE_ERRORS, execution + " x" + times, times);
  }

  private void failJobCreations(int times) {
    api.failJobCreations(times);
    log.injected(Kind.JOB_CREATE_ERRORS, "next " + times, times);
  }

  private void failJobDeletions(int pick, int times) {
    Job job = choose(activeJobs(), pick);
    if (job == null) {
      log.missed(Kind.JOB_DELETE_ERRORS);
      return;
    }
    api.failJobDeletions(job.getMetadata().getName(), times);
    log.injected(Kind.JOB_DELETE_ERRORS, job.getMetadata().getName() + " x" + times, times);
  }

  private void failEventCreations(int times) {
    api.failEventCreations(times);
    log.injected(Kind.EVENT_ERRORS, "next " + times, times);
  }

  private void cancel(int pick) {
    String execution = choose(executions.live(), pick);
    if (execution == null) {
      log.missed(Kind.CANCEL);
      return;
    }
    log.cancelled(execution); // before the edit: the operator may act on it at once
    client
        .resources(WorkflowExecution.class)
        .inNamespace(ChaosSettings.NAMESPACE)
        .withName(execution)
        .edit(ChaosMonkey::withCancel);
    log.injected(Kind.CANCEL, execution, 0);
  }

  private void restartOperator() throws InterruptedException {
    Duration downtime =
        Duration.ofMillis(between(restarts, MIN_DOWNTIME_MILLIS, MAX_DOWNTIME_MILLIS));
    log.injected(Kind.OPERATOR_RESTART, "down for " + downtime.toMillis() + " ms", 0);
    operators.restart(downtime);
  }

  private void recordTouched(Kind kind, HasMetadata resource) {
    String node = resource.getMetadata().getLabels().get(Api.LABEL_NODE);
    log.touchedNode(node);
    log.injected(kind, resource.getMetadata().getName() + " (node " + node + ")", 0);
  }

  /**
   * Pending or running Pods of executions still running. Those of finished executions are left
   * alone: faults there test nothing, and would hide a Job the operator failed to stop.
   */
  private List<Pod> livePods() {
    Set<String> live = Set.copyOf(executions.live());
    return client.pods().inNamespace(ChaosSettings.NAMESPACE).list().getItems().stream()
        .filter(p -> live.contains(executionOf(p)))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getStatus() != null)
        .filter(p -> Set.of("Pending", "Running").contains(p.getStatus().getPhase()))
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .toList();
  }

  /** Unfinished Jobs of executions still running. */
  private List<Job> activeJobs() {
    Set<String> live = Set.copyOf(executions.live());
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(ChaosSettings.NAMESPACE)
        .list()
        .getItems()
        .stream()
        .filter(j -> live.contains(executionOf(j)) && !JobLedger.isFinished(j))
        .sorted(Comparator.comparing(j -> j.getMetadata().getName()))
        .toList();
  }

  private static String executionOf(HasMetadata resource) {
    Map<String, String> labels = resource.getMetadata().getLabels();
    return labels == null ? null : labels.get(Api.LABEL_EXECUTION);
  }

  /** The same execution with spec.cancel set, as {@code kubectl patch} would make it. */
  private static WorkflowExecution withCancel(WorkflowExecution wfx) {
    WorkflowExecutionSpec s = wfx.getSpec();
    wfx.setSpec(
        new WorkflowExecutionSpec(
            s.workflowRef(),
            s.workflow(),
            s.inputs(),
            s.activeDeadlineSeconds(),
            s.budget(),
            true,
            s.suspend(),
            s.ttlSecondsAfterFinished(),
            s.approvals()));
    return wfx;
  }

  private static String jobOf(Pod pod) {
    return pod.getMetadata().getLabels().get("job-name");
  }

  private static <T> T choose(List<T> candidates, int pick) {
    return candidates.isEmpty() ? null : candidates.get(pick % candidates.size());
  }

  private static int between(Random random, int min, int max) {
    return min + random.nextInt(max - min + 1);
  }

  private void sleepUnlessStopping(Duration duration) {
    Instant until = Instant.now().plus(duration);
    while (!stopping && Instant.now().isBefore(until)) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopping = true;
      }
    }
  }
}
