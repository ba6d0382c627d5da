package dev.terminus.operator.reconciler;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Objects;

/**
 * Writes a custom resource's status: once per reconcile, only when it changed, and locked on the
 * resourceVersion that was read (a PUT of the status subresource, which works on every API server
 * and, unlike a merge patch, replaces lists instead of appending to them). A conflict means another
 * writer (a second replica during a leader hand-over, a user) changed the object: the write fails,
 * and the reconcile is retried on the fresh object and recomputed, never overwriting what the other
 * wrote.
 */
final class StatusWriter {
  private StatusWriter() {}

  /**
   * @return true when a write happened
   */
  static <S, P extends CustomResource<?, S>> boolean write(P current, S next, Context<P> ctx) {
    if (Objects.equals(current.getStatus(), next)) {
      return false;
    }
    KubernetesClient client = ctx.getClient();
    P copy = client.getKubernetesSerialization().clone(current);
    copy.setStatus(next);
    P updated = client.resource(copy).updateStatus();
    // Let the next reconcile see what was written even before the watch event arrives.
    ctx.eventSourceRetriever()
        .getControllerEventSource()
        .handleRecentResourceUpdate(ResourceID.fromResource(updated), updated, current);
    return true;
  }
}
