package dev.terminus.operator.chaos;

import dev.terminus.operator.harness.Behaviour;
import dev.terminus.operator.harness.Script;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fake cluster's script for a chaos run: each attempt behaves as its plan says. Node names are
 * unique across the run, so the (node, attempt) the script receives is enough to find the plan.
 */
final class PlannedScript implements Script {

  private final Map<String, NodePlan> nodes = new HashMap<>();

  PlannedScript(List<ExecutionPlan> plans) {
    plans.forEach(plan -> plan.nodes().forEach(node -> nodes.put(node.name(), node)));
  }

  @Override
  public Behaviour behaviourFor(String node, int attempt) {
    NodePlan plan = nodes.get(node);
    if (plan == null) {
      return Behaviour.succeed(); // not a chaos node
    }
    return plan.attempt(attempt).behaviour();
  }
}
