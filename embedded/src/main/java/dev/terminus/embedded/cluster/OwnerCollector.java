package dev.terminus.embedded.cluster;

import dev.terminus.crd.v1alpha1.Api;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of Kubernetes' garbage collector that embedded mode needs, because the mock API server
 * has none: a Terminus Job whose owning execution (by uid) no longer exists is deleted. On a real
 * cluster the garbage collector does this for every ownerReference, so the operator does not.
 */
public final class OwnerCollector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OwnerCollector.class);

  private final KubernetesClient client;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "embedded-garbage-collector");
            t.setDaemon(true);
            return t;
          });

  public OwnerCollector(KubernetesClient client) {
    this.client = client;
  }

  public OwnerCollector start(Duration period) {
    timer.scheduleWithFixedDelay(
        this::collectQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void collectQuietly() {
    try {
      collect();
    } catch (RuntimeException e) {
      LOG.debug("garbage collection failed; next period retries: {}", e.toString());
    }
  }

  /** Deletes every Terminus Job whose owning execution is gone; returns how many. */
  public int collect() {
    // Jobs first: a Job created after the executions were listed has a live owner in that list.
    var jobs =
        client
            .batch()
            .v1()
            .jobs()
            .inAnyNamespace()
            .withLabel(Api.LABEL_EXECUTION)
            .list()
            .getItems();
    Set<String> live =
        client.resources(WorkflowExecution.class).inAnyNamespace().list().getItems().stream()
            .map(e -> e.getMetadata().getUid())
            .collect(Collectors.toSet());
    int deleted = 0;
    for (Job job : jobs) {
      String owner = executionOwner(job);
      if (owner != null && !live.contains(owner)) {
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(job.getMetadata().getNamespace())
            .withName(job.getMetadata().getName())
            .withPropagationPolicy(DeletionPropagation.BACKGROUND)
            .delete();
        LOG.info("garbage-collected Job {}: its execution is gone", job.getMetadata().getName());
        deleted++;
      }
    }
    return deleted;
  }

  private static String executionOwner(Job job) {
    var owners = job.getMetadata().getOwnerReferences();
    return owners == null
        ? null
        : owners.stream()
            .filter(o -> "WorkflowExecution".equals(o.getKind()))
            .map(OwnerReference::getUid)
            .findFirst()
            .orElse(null);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
