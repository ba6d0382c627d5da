package dev.terminus.operator.reconciler;

import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.NodeType;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.operator.engine.AttemptOutcome;
import dev.terminus.operator.engine.OutcomeClassifier;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the cluster shows for an execution: each of its Jobs, with its newest Pod, classified. Reads
 * the informer caches; only a Job that the status says exists but the cache lacks is confirmed with
 * one GET, so a cache that lags behind a fresh create is never mistaken for a lost Job. (The
 * reconciler puts the Jobs it creates into the cache at once, so that GET is rare: a Job created by
 * another replica whose watch event has not arrived yet.)
 */
final class ClusterView {
  private ClusterView() {}

  /** The child executions of this execution, classified, by name. */
  static Map<String, AttemptOutcome> children(Context<WorkflowExecution> ctx) {
    Map<String, AttemptOutcome> out = new HashMap<>();
    ctx.getSecondaryResources(WorkflowExecution.class)
        .forEach(c -> out.put(c.getMetadata().getName(), ChildOutcomes.classify(c)));
    return out;
  }

  static Map<String, AttemptOutcome> observe(
      WorkflowExecution wfx, Context<WorkflowExecution> ctx) {
    Map<String, Job> jobs =
        ctx.getSecondaryResources(Job.class).stream()
            .collect(Collectors.toMap(j -> j.getMetadata().getName(), j -> j, (a, b) -> a));
    confirmMissing(wfx, ctx.getClient(), jobs);
    Map<String, Pod> pods = newestPodPerJob(ctx.getSecondaryResources(Pod.class));
    Map<String, AttemptOutcome> out = new HashMap<>();
    jobs.forEach((name, job) -> out.put(name, OutcomeClassifier.classify(job, pods.get(name))));
    return out;
  }

  private static void confirmMissing(
      WorkflowExecution wfx, KubernetesClient client, Map<String, Job> jobs) {
    for (String name : expectedJobs(wfx)) {
      if (!jobs.containsKey(name)) {
        Job fresh =
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(wfx.getMetadata().getNamespace())
                .withName(name)
                .get();
        if (fresh != null) {
          jobs.put(name, fresh);
        }
      }
    }
  }

  /** Jobs of live attempts, as the last written status records them. */
  private static Set<String> expectedJobs(WorkflowExecution wfx) {
    WorkflowExecutionStatus status = wfx.getStatus();
    if (status == null || status.nodes() == null || status.workflow() == null) {
      return Set.of();
    }
    // Approval and workflow nodes have no Job: only container nodes are confirmed.
    Set<String> jobNodes =
        status.workflow().nodesOrEmpty().stream()
            .filter(n -> n.typeOrDefault() == NodeType.JOB)
            .map(NodeSpec::name)
            .collect(Collectors.toSet());
    return status.nodes().stream()
        .filter(n -> jobNodes.contains(n.name()))
        .filter(n -> !n.isTerminal() && n.job() != null && n.nextAttemptAt() == null)
        .map(NodeStatus::job)
        .collect(Collectors.toSet());
  }

  private static Map<String, Pod> newestPodPerJob(Set<Pod> pods) {
    Map<String, Pod> out = new HashMap<>();
    pods.stream()
        .sorted(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
        .forEach(
            p -> {
              String job = jobOf(p);
              if (job != null) {
                out.put(job, p);
              }
            });
    return out;
  }

  private static String jobOf(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    if (owners != null) {
      for (OwnerReference o : owners) {
        if ("Job".equals(o.getKind())) {
          return o.getName();
        }
      }
    }
    Map<String, String> labels = pod.getMetadata().getLabels();
    if (labels == null) {
      return null;
    }
    return labels.getOrDefault("batch.kubernetes.io/job-name", labels.get("job-name"));
  }
}
