package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.WorkflowSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Topological order of a validated (acyclic) DAG, stable with respect to declaration order. */
final class DagOrder {
  private DagOrder() {}

  static List<String> topological(WorkflowSpec wf) {
    Map<String, Integer> indegree = new HashMap<>();
    Map<String, List<String>> dependants = new HashMap<>();
    for (NodeSpec n : wf.nodesOrEmpty()) {
      indegree.put(n.name(), n.dependsOnOrEmpty().size());
      for (String dep : n.dependsOnOrEmpty()) {
        dependants.computeIfAbsent(dep, k -> new ArrayList<>()).add(n.name());
      }
    }
    Deque<String> ready = new ArrayDeque<>();
    wf.nodesOrEmpty().stream()
        .filter(n -> n.dependsOnOrEmpty().isEmpty())
        .forEach(n -> ready.add(n.name()));
    List<String> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String name = ready.poll();
      order.add(name);
      for (String d : dependants.getOrDefault(name, List.of())) {
        if (indegree.merge(d, -1, Integer::sum) == 0) {
          ready.add(d);
        }
      }
    }
    if (order.size() != indegree.size()) {
      throw new IllegalArgumentException("the workflow has a cycle; validate it first");
    }
    return order;
  }
}
