package dev.terminus.operator.reconciler;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a custom resource's status: once per reconcile, only when it changed, and locked on the
 * resourceVersion that was read. The write is one JSON patch of the status subresource that
 * replaces the whole status (lists are replaced, never merged) and sets {@code
 * metadata.resourceVersion}, which the API server checks: a real one and the embedded mock alike
 * (the mock ignores the resourceVersion of a status PUT, and has no server-side apply). A 409 means
 * another writer (a second replica during a leader hand-over, a user) changed the object: the write
 * fails, and the reconcile is retried on the fresh object and recomputed, never overwriting what
 * the other wrote.
 */
final class StatusWriter {
  private StatusWriter() {}

  /**
   * @return the resource as written, or empty when nothing changed
   */
  static <S, P extends CustomResource<?, S>> Optional<P> write(P current, S next, Context<P> ctx) {
    if (Objects.equals(current.getStatus(), next)) {
      return Optional.empty();
    }
    KubernetesClient client = ctx.getClient();
    String patch =
        client
            .getKubernetesSerialization()
            .asJson(
                List.of(
                    Map.of(
                        "op", "replace",
                        "path", "/metadata/resourceVersion",
                        "value", current.getMetadata().getResourceVersion()),
                    Map.of("op", "add", "path", "/status", "value", next)));
    P updated =
        client
            .resource(current)
            .subresource("status")
            .patch(PatchContext.of(PatchType.JSON), patch);
    // Let the next reconcile see what was written even before the watch event arrives.
    ctx.eventSourceRetriever()
        .getControllerEventSource()
        .handleRecentResourceUpdate(ResourceID.fromResource(updated), updated, current);
    return Optional.of(updated);
  }
}
