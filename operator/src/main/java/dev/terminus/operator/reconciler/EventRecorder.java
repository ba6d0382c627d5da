package dev.terminus.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Reports transitions as Kubernetes Events. Reporting never fails a reconcile (diagnostic H5): an
 * Event that cannot be written is logged and dropped; the status already holds the truth.
 */
public interface EventRecorder {
  void record(HasMetadata subject, String type, String reason, String message);

  EventRecorder NONE = (subject, type, reason, message) -> {};
}
