package dev.terminus.kubesim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Job and Pod status through the status subresource, read-modify-write under optimistic
 * locking, retrying on 409.
 *
 * <p>Why a JSON patch and not {@code updateStatus()}: the mock server ignores the resourceVersion
 * of a PUT to {@code /status} (it copies the new status onto the stored object and never answers
 * 409), so concurrent writers would silently overwrite each other. A JSON patch that also sets
 * {@code metadata.resourceVersion} is checked against the stored version, on the mock and on a real
 * API server alike. The patch replaces the whole status, so lists are replaced, not merged.
 */
public final class StatusWriter {

  private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);
  private static final int MAX_ATTEMPTS = 10;

  private final KubernetesClient client;

  public StatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Returns the updated Job, or null when it no longer exists. {@code change} computes the new
   * status from the current Job; returning null means there is nothing to write. {@code known} is
   * the Job as last seen: trying it first saves a read, and a conflict means it was stale, so the
   * Job is read afresh.
   */
  public Job updateJobStatus(Job known, Function<Job, JobStatus> change) {
    String namespace = known.getMetadata().getNamespace();
    String name = known.getMetadata().getName();
    return update(client.batch().v1().jobs().inNamespace(namespace).withName(name), known, change);
  }

  /** As {@link #updateJobStatus}, for a Pod. */
  public Pod updatePodStatus(Pod known, Function<Pod, PodStatus> change) {
    String namespace = known.getMetadata().getNamespace();
    String name = known.getMetadata().getName();
    return update(client.pods().inNamespace(namespace).withName(name), known, change);
  }

  private <T extends HasMetadata> T update(
      Resource<T> resource, T known, Function<T, ?> newStatus) {
    T current = known;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (current == null) {
        return null;
      }
      Object status = newStatus.apply(current);
      if (status == null) {
        return current;
      }
      try {
        return resource
            .subresource("status")
            .patch(PatchContext.of(PatchType.JSON), patch(current, status));
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          return null;
        }
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        LOG.debug("Conflict writing status of {}, attempt {}", name(current), attempt);
        current = resource.get();
      }
    }
    throw new IllegalStateException(
        "Status of " + resource + " still conflicting after " + MAX_ATTEMPTS + " attempts");
  }

  private String patch(HasMetadata current, Object status) {
    List<Map<String, Object>> operations =
        List.of(
            Map.of(
                "op", "replace",
                "path", "/metadata/resourceVersion",
                "value", current.getMetadata().getResourceVersion()),
            Map.of("op", "add", "path", "/status", "value", status));
    return client.getKubernetesSerialization().asJson(operations);
  }

  private static String name(HasMetadata resource) {
    return resource.getKind() + " " + resource.getMetadata().getName();
  }
}
