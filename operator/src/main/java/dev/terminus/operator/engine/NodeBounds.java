package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.NodeDefaults;
import dev.terminus.crd.v1alpha1.NodeSpec;
import java.time.Duration;

/** A node's own bounds: its field, else the workflow's defaults, else the operator's. */
final class NodeBounds {
  private NodeBounds() {}

  /** How long the node's attempt may go without a running Pod. */
  static Duration pendingTimeout(NodeSpec spec, NodeDefaults defaults, EngineConfig config) {
    Long s = spec.pendingTimeoutSeconds();
    if (s == null) {
      s = defaults.pendingTimeoutSeconds();
    }
    return s == null ? config.defaultPendingTimeout() : Duration.ofSeconds(s);
  }

  /**
   * The deadline of each attempt in seconds, or null when neither the node nor defaults set one.
   */
  static Long deadlineSeconds(NodeSpec spec, NodeDefaults defaults) {
    Long s = spec.activeDeadlineSeconds();
    return s != null ? s : defaults.activeDeadlineSeconds();
  }
}
