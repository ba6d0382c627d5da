package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodePhase;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The legal phase transitions of executions and nodes (diagnostic M1). Every phase change in
 * Terminus is checked here; terminal phases are absorbing, so nothing ever reopens a finished
 * execution or node.
 */
public final class PhaseMachine {

  private static final Map<ExecutionPhase, Set<ExecutionPhase>> EXECUTION =
      Map.of(
          ExecutionPhase.Pending,
              EnumSet.of(ExecutionPhase.Running, ExecutionPhase.Failed, ExecutionPhase.Cancelled),
          ExecutionPhase.Running,
              EnumSet.of(ExecutionPhase.Succeeded, ExecutionPhase.Failed, ExecutionPhase.Cancelled),
          ExecutionPhase.Succeeded, EnumSet.noneOf(ExecutionPhase.class),
          ExecutionPhase.Failed, EnumSet.noneOf(ExecutionPhase.class),
          ExecutionPhase.Cancelled, EnumSet.noneOf(ExecutionPhase.class));

  private static final Map<NodePhase, Set<NodePhase>> NODE =
      Map.of(
          NodePhase.Pending,
              EnumSet.of(
                  NodePhase.Running,
                  NodePhase.Succeeded,
                  NodePhase.Failed,
                  NodePhase.Skipped,
                  NodePhase.Cancelled),
          // Running -> Pending is a retry: the failed attempt goes to history.
          NodePhase.Running,
              EnumSet.of(
                  NodePhase.Pending, NodePhase.Succeeded, NodePhase.Failed, NodePhase.Cancelled),
          NodePhase.Succeeded, EnumSet.noneOf(NodePhase.class),
          NodePhase.Failed, EnumSet.noneOf(NodePhase.class),
          NodePhase.Skipped, EnumSet.noneOf(NodePhase.class),
          NodePhase.Cancelled, EnumSet.noneOf(NodePhase.class));

  private PhaseMachine() {}

  /** True when an execution may move from {@code from} to {@code to}; staying put is legal. */
  public static boolean allowed(ExecutionPhase from, ExecutionPhase to) {
    return from == null || from == to || EXECUTION.get(from).contains(to);
  }

  /** True when a node may move from {@code from} to {@code to}; staying put is legal. */
  public static boolean allowed(NodePhase from, NodePhase to) {
    return from == null || from == to || NODE.get(from).contains(to);
  }
}
