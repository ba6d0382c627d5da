package dev.terminus.embedded.runner;

import dev.terminus.kubesim.JobPods;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the API server adds to a Job when it is created and the mock does not: the selector of its
 * Pods ({@code batch.kubernetes.io/controller-uid}) with the matching template labels, one
 * completion and a parallelism of one. kubectl relies on the selector ({@code kubectl logs
 * job/NAME}, {@code kubectl describe job}). Applied by the runner when it first sees a Job.
 */
final class JobDefaults {

  private JobDefaults() {}

  /** The Job with its defaults, written when any was missing. */
  static Job apply(KubernetesClient client, Job job) {
    if (job.getSpec().getSelector() != null) {
      return job;
    }
    List<Map<String, Object>> operations = new ArrayList<>();
    Map<String, String> labels = JobPods.selectorLabels(job);
    String uid = job.getMetadata().getUid();
    operations.add(
        add("/spec/selector", Map.of("matchLabels", Map.of(JobPods.BATCH_CONTROLLER_UID, uid))));
    if (job.getSpec().getTemplate().getMetadata() == null) {
      operations.add(add("/spec/template/metadata", Map.of()));
    }
    if (job.getSpec().getTemplate().getMetadata() == null
        || job.getSpec().getTemplate().getMetadata().getLabels() == null) {
      operations.add(add("/spec/template/metadata/labels", Map.of()));
    }
    labels.forEach(
        (key, value) ->
            operations.add(
                add(
                    "/spec/template/metadata/labels/" + key.replace("~", "~0").replace("/", "~1"),
                    value)));
    if (job.getSpec().getCompletions() == null) {
      operations.add(add("/spec/completions", 1));
    }
    if (job.getSpec().getParallelism() == null) {
      operations.add(add("/spec/parallelism", 1));
    }
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(job.getMetadata().getNamespace())
        .withName(job.getMetadata().getName())
        .patch(
            PatchContext.of(PatchType.JSON),
            client.getKubernetesSerialization().asJson(operations));
  }

  private static Map<String, Object> add(String path, Object value) {
    return Map.of("op", "add", "path", path, "value", value);
  }
}
