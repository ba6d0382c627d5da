package dev.terminus.operator.harness;

import dev.terminus.crd.v1alpha1.Api;
import dev.terminus.kubesim.Daemons;
import dev.terminus.kubesim.Informers;
import dev.terminus.kubesim.JobPods;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the Kubernetes Job controller and the kubelet against the mock API server: for each new Job
 * it creates one Pod and drives Pod and Job status as a real cluster would, following the {@link
 * Behaviour} the {@link Script} picks for the Job's node attempt. It enforces {@code
 * activeDeadlineSeconds} and garbage-collects the Pods of deleted Jobs (but, deliberately, not the
 * Jobs of deleted executions: the operator must delete those itself).
 *
 * <p>All work happens on one daemon loop thread: informer events are queued and handled there,
 * every {@value #STEP_TICK_MILLIS} ms, followed by the Pod steps that are due; deadlines are
 * checked every {@value #DEADLINE_TICK_MILLIS} ms. Manual controls run on the same thread (so they
 * never race the script) and work while paused. Errors are logged, never thrown out of the loop;
 * manual controls throw to their caller.
 *
 * <pre>{@code
 * try (TestCluster cluster = TestCluster.start();
 *     FakeJobController jobs =
 *         new FakeJobController(cluster.newClient(), Script.succeedAll().on("fetch", oomKilled()))
 *             .start()) {
 *   // run the operator against cluster.newClient() ...
 * }
 * }</pre>
 *
 * <p>The client is the caller's: {@link #close()} does not close it.
 */
public final class FakeJobController implements AutoCloseable {

  static final long STEP_TICK_MILLIS = 10;
  static final long DEADLINE_TICK_MILLIS = 100;

  private static final Logger LOG = LoggerFactory.getLogger(FakeJobController.class);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(Daemons.named("fake-job-controller"));
  private final Queue<Runnable> events = new ConcurrentLinkedQueue<>();
  private final Set<String> seenJobNames = ConcurrentHashMap.newKeySet();
  private final JobDriver driver;
  private volatile Script script;
  private volatile boolean paused;
  private volatile boolean closing;
  private SharedIndexInformer<Job> jobInformer;
  private SharedIndexInformer<Pod> podInformer;

  /** A controller under which every Job succeeds quickly. */
  public FakeJobController(KubernetesClient client) {
    this(client, Script.succeedAll());
  }

  public FakeJobController(KubernetesClient client, Script script) {
    this.client = Objects.requireNonNull(client);
    this.script = Objects.requireNonNull(script);
    this.driver = new JobDriver(client, this::cachedJob);
  }

  /** Starts watching Jobs and Pods in all namespaces; returns once both informers have synced. */
  public synchronized FakeJobController start() {
    if (jobInformer != null) {
      throw new IllegalStateException("Already started");
    }
    jobInformer = client.batch().v1().jobs().inAnyNamespace().runnableInformer(0);
    jobInformer.addEventHandler(Informers.onAddAndDelete(this::onJobAdded, this::onJobDeleted));
    podInformer = client.pods().inAnyNamespace().runnableInformer(0);
    podInformer.addEventHandler(Informers.onAddAndDelete(pod -> {}, this::onPodDeleted));
    Informers.startSynced(jobInformer, WAIT);
    Informers.startSynced(podInformer, WAIT);
    loop.scheduleWithFixedDelay(
        () -> safely("step", this::stepTick), 0, STEP_TICK_MILLIS, TimeUnit.MILLISECONDS);
    loop.scheduleWithFixedDelay(
        () -> safely("deadline", this::deadlineTick),
        DEADLINE_TICK_MILLIS,
        DEADLINE_TICK_MILLIS,
        TimeUnit.MILLISECONDS);
    return this;
  }

  /** Replaces the script; it applies to Jobs seen from now on. */
  public void setScript(Script script) {
    this.script = Objects.requireNonNull(script);
  }

  /**
   * Freezes the cluster: no Pod advances, no new Job gets a Pod, no deadline is enforced, no Pod is
   * garbage-collected, until {@link #resume()}. Events that arrive meanwhile are handled then, and
   * overdue steps and deadlines take effect at once. Returns after any action in progress.
   */
  public void pause() {
    onLoop(() -> paused = true);
  }

  public void resume() {
    onLoop(() -> paused = false);
  }

  public boolean isPaused() {
    return paused;
  }

  /**
   * Deletes the Job's current Pod as a lost node would (no final status). Unless paused, the Job
   * controller then fails the Job (BackoffLimitExceeded), as a real one does; pause first to keep
   * the Job active with no Pod.
   */
  public void deletePod(String job) {
    onLoop(
        () -> {
          Pod pod = driver.currentPod(requireJob(job));
          if (pod == null) {
            throw new IllegalStateException("Job " + job + " has no Pod");
          }
          client.resource(pod).delete();
        });
  }

  /** Deletes the Job; unless paused, its Pods are garbage-collected. */
  public void deleteJob(String job) {
    onLoop(() -> client.resource(requireJob(job)).delete());
  }

  /** Makes the Job's container exit 0 now: Pod Succeeded, Job Complete. */
  public void completeJob(String job) {
    onLoop(() -> driver.complete(requireJob(job)));
  }

  /** Makes the Job's container exit with {@code exitCode} now: Pod Failed, Job Failed. */
  public void failJob(String job, int exitCode, String message) {
    onLoop(() -> driver.fail(requireJob(job), exitCode, message));
  }

  /** The Jobs labelled {@code terminus.dev/execution=<executionName>}, in any namespace. */
  public List<Job> jobs(String executionName) {
    return client
        .batch()
        .v1()
        .jobs()
        .inAnyNamespace()
        .withLabel(Api.LABEL_EXECUTION, executionName)
        .list()
        .getItems();
  }

  /** How many distinct Job names (namespace/name) this controller has seen created. */
  public int createdJobCount() {
    return seenJobNames.size();
  }

  /** The Pod of the Job named {@code job} (in any namespace), or null. */
  public Pod podFor(String job) {
    return JobPods.newest(
        client.pods().inAnyNamespace().withLabel(JobPods.JOB_NAME, job).list().getItems());
  }

  /** Stops the informers and the loop; the action in progress, if any, is let finish. */
  @Override
  public synchronized void close() {
    closing = true;
    if (jobInformer != null) {
      jobInformer.close();
      podInformer.close();
    }
    loop.shutdown(); // cancels the ticks without interrupting an API call in flight
    try {
      if (!loop.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        LOG.warn("Fake Job controller loop did not stop within {}", WAIT);
        loop.shutdownNow();
      }
    } catch (InterruptedException e) {
      loop.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void onJobAdded(Job job) {
    seenJobNames.add(key(job));
    events.add(() -> driver.jobAdded(job, script));
  }

  private void onJobDeleted(Job job) {
    events.add(() -> driver.jobDeleted(job));
  }

  private void onPodDeleted(Pod pod) {
    events.add(() -> driver.podDeleted(pod));
  }

  private void stepTick() {
    if (isActing()) {
      handleEvents();
      driver.advanceDueSteps();
    }
  }

  private void deadlineTick() {
    if (isActing()) {
      handleEvents(); // a Pod deleted meanwhile decides the outcome, not the deadline
      driver.enforceDeadlines();
    }
  }

  private boolean isActing() {
    return !paused && !closing;
  }

  private void handleEvents() {
    for (Runnable event = events.poll(); event != null && !closing; event = events.poll()) {
      safely("event", event);
    }
  }

  private Job cachedJob(String key) {
    return jobInformer == null ? null : jobInformer.getStore().getByKey(key);
  }

  /** The one Job with that name in any namespace. */
  private Job requireJob(String name) {
    List<Job> found =
        client
            .batch()
            .v1()
            .jobs()
            .inAnyNamespace()
            .withField("metadata.name", name)
            .list()
            .getItems();
    if (found.size() != 1) {
      throw new IllegalArgumentException(found.size() + " Jobs named " + name);
    }
    return found.get(0);
  }

  /** Runs the action on the loop thread and waits (bounded) for it, rethrowing its failure. */
  private void onLoop(Runnable action) {
    Future<?> result = loop.submit(action);
    try {
      result.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      result.cancel(true);
      throw new IllegalStateException("Fake Job controller did not answer within " + WAIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }

  private static void safely(String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warn("Fake Job controller: {} failed", what, e);
    }
  }

  private static String key(HasMetadata resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}
