package dev.terminus.operator.watchdog;

import dev.terminus.crd.v1alpha1.Api;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.engine.Detection;
import dev.terminus.operator.engine.WatchdogRule;
import dev.terminus.operator.metrics.OperatorMetrics;
import dev.terminus.operator.reconciler.EventRecorder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OrphanJob rule for Jobs whose execution no longer exists (deleted while the operator was down
 * and its finalizer was forced away, or replaced by a new execution of the same name). No reconcile
 * ever sees such a Job, because it has no primary; this sweep finds it by label, once per resync
 * period, off the reconcile path.
 */
public final class OrphanJobSweeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OrphanJobSweeper.class);

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final OperatorMetrics metrics;
  private final EventRecorder events;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "terminus-orphan-sweeper");
            t.setDaemon(true);
            return t;
          });

  public OrphanJobSweeper(
      KubernetesClient client,
      Set<String> namespaces,
      OperatorMetrics metrics,
      EventRecorder events) {
    this.client = client;
    this.namespaces = namespaces;
    this.metrics = metrics;
    this.events = events;
  }

  public void start(Duration period) {
    timer.scheduleWithFixedDelay(
        this::sweepQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException e) {
      log.warn("orphan Job sweep failed; next period retries: {}", e.toString());
    }
  }

  /**
   * Deletes every Terminus Job whose owning execution no longer exists; returns how many. Jobs are
   * listed before executions, and each candidate's owner is looked up once more before the Job is
   * deleted, so a Job created for an execution that appeared during the sweep is never taken for an
   * orphan.
   */
  public int sweep() {
    List<Job> jobs = jobs();
    Set<String> liveUids =
        executions().stream().map(e -> e.getMetadata().getUid()).collect(Collectors.toSet());
    int deleted = 0;
    for (Job job : jobs) {
      String owner = ownerUid(job);
      if (owner != null && !liveUids.contains(owner) && ownerGone(job, owner)) {
        delete(job);
        deleted++;
      }
    }
    return deleted;
  }

  private boolean ownerGone(Job job, String ownerUid) {
    String name = job.getMetadata().getLabels().get(Api.LABEL_EXECUTION);
    WorkflowExecution owner =
        name == null
            ? null
            : client
                .resources(WorkflowExecution.class)
                .inNamespace(job.getMetadata().getNamespace())
                .withName(name)
                .get();
    return owner == null || !ownerUid.equals(owner.getMetadata().getUid());
  }

  private List<WorkflowExecution> executions() {
    if (namespaces.isEmpty()) {
      return client.resources(WorkflowExecution.class).inAnyNamespace().list().getItems();
    }
    return namespaces.stream()
        .flatMap(
            ns ->
                client
                    .resources(WorkflowExecution.class)
                    .inNamespace(ns)
                    .list()
                    .getItems()
                    .stream())
        .toList();
  }

  private List<Job> jobs() {
    if (namespaces.isEmpty()) {
      return client
          .batch()
          .v1()
          .jobs()
          .inAnyNamespace()
          .withLabel(Api.LABEL_EXECUTION)
          .list()
          .getItems();
    }
    return namespaces.stream()
        .flatMap(
            ns ->
                client
                    .batch()
                    .v1()
                    .jobs()
                    .inNamespace(ns)
                    .withLabel(Api.LABEL_EXECUTION)
                    .list()
                    .getItems()
                    .stream())
        .toList();
  }

  private static String ownerUid(HasMetadata job) {
    List<OwnerReference> owners = job.getMetadata().getOwnerReferences();
    if (owners == null) {
      return null;
    }
    return owners.stream()
        .filter(o -> "WorkflowExecution".equals(o.getKind()))
        .map(OwnerReference::getUid)
        .findFirst()
        .orElse(null);
  }

  private void delete(Job job) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(job.getMetadata().getNamespace())
        .withName(job.getMetadata().getName())
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();
    String message =
        "Job "
            + job.getMetadata().getName()
            + " belongs to an execution that no longer exists; deleted";
    Detection d = new Detection(WatchdogRule.OrphanJob, null, message, null);
    metrics.detected(d, java.time.Instant.now());
    log.warn("watchdog OrphanJob: {}", message);
    events.record(job, "Warning", WatchdogRule.OrphanJob.name(), message);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
