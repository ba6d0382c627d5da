package dev.terminus.operator.chaos;

import dev.terminus.crd.v1alpha1.Api;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Every Job ever created in the chaos namespace, by uid: which execution, node and attempt it
 * served, and when it stopped being active (finished or deleted). A name created twice (two uids)
 * is a duplicated node attempt.
 */
final class JobLedger implements AutoCloseable {

  /** One Job object, from creation to its end. */
  static final class Entry {
    final String name;
    final String execution;
    final String node;
    private volatile Instant endedAt;

    Entry(Job job) {
      this.name = job.getMetadata().getName();
      Map<String, String> labels = job.getMetadata().getLabels();
      this.execution = labels == null ? "" : labels.getOrDefault(Api.LABEL_EXECUTION, "");
      this.node = labels == null ? "" : labels.getOrDefault(Api.LABEL_NODE, "");
    }

    /** When it was first seen finished or deleted; null while active. */
    Instant endedAt() {
      return endedAt;
    }

    void ended() {
      if (endedAt == null) {
        endedAt = Instant.now();
      }
    }
  }

  private final SharedIndexInformer<Job> informer;
  private final Map<String, Entry> byUid = new ConcurrentHashMap<>();

  private JobLedger(KubernetesClient client, String namespace) {
    informer = client.batch().v1().jobs().inNamespace(namespace).inform(handler(), 0);
  }

  static JobLedger start(KubernetesClient client, String namespace) {
    return new JobLedger(client, namespace);
  }

  int creations() {
    return byUid.size();
  }

  int distinctNames() {
    return (int) byUid.values().stream().map(e -> e.name).distinct().count();
  }

  /** Names created more than once, with how often. */
  Map<String, Long> duplicatedNames() {
    return byUid.values().stream()
        .collect(Collectors.groupingBy(e -> e.name, Collectors.counting()))
        .entrySet()
        .stream()
        .filter(e -> e.getValue() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  List<Entry> jobsOf(String execution) {
    return byUid.values().stream().filter(e -> e.execution.equals(execution)).toList();
  }

  /** Distinct Job names (attempts) a node got. */
  Set<String> attemptsOf(String execution, String node) {
    return jobsOf(execution).stream()
        .filter(e -> e.node.equals(node))
        .map(e -> e.name)
        .collect(Collectors.toSet());
  }

  @Override
  public void close() {
    informer.close();
  }

  private void seen(Job job) {
    Entry entry = byUid.computeIfAbsent(job.getMetadata().getUid(), uid -> new Entry(job));
    if (isFinished(job)) {
      entry.ended();
    }
  }

  private void deleted(Job job) {
    Entry entry = byUid.computeIfAbsent(job.getMetadata().getUid(), uid -> new Entry(job));
    entry.ended();
  }

  static boolean isFinished(Job job) {
    List<JobCondition> conditions =
        job.getStatus() == null ? null : job.getStatus().getConditions();
    return conditions != null
        && conditions.stream()
            .anyMatch(
                c ->
                    ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                        && "True".equals(c.getStatus()));
  }

  private ResourceEventHandler<Job> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Job job) {
        seen(job);
      }

      @Override
      public void onUpdate(Job before, Job after) {
        seen(after);
      }

      @Override
      public void onDelete(Job job, boolean finalStateUnknown) {
        deleted(job);
      }
    };
  }
}
