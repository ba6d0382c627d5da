package dev.terminus.operator.bench;

import static dev.terminus.operator.fixtures.NodeBuilder.node;

import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.fixtures.ExecutionBuilder;
import dev.terminus.operator.fixtures.NodeBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workflow shapes the benchmarks run, as node name → dependencies. {@link #fanOutFanIn()} is
 * the default: ten nodes, {@code root → a1..a4 → b1..b4 (b_i after a_i) → join}, so a run has
 * starts that follow one dependency, starts that follow several, and parallel branches.
 */
record Dag(String shape, Map<String, List<String>> dependencies) {

  static Dag fanOutFanIn() {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    deps.put("root", List.of());
    List<String> bs = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      deps.put("a" + i, List.of("root"));
      deps.put("b" + i, List.of("a" + i));
      bs.add("b" + i);
    }
    deps.put("join", List.copyOf(bs));
    return new Dag("fan-out/fan-in, 10 nodes", deps);
  }

  static Dag chain(int length) {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    for (int i = 1; i <= length; i++) {
      deps.put("n" + i, i == 1 ? List.of() : List.of("n" + (i - 1)));
    }
    return new Dag("chain of " + length, deps);
  }

  int size() {
    return dependencies.size();
  }

  /** The last node of the topological order this map was built in. */
  String lastNode() {
    return new ArrayList<>(dependencies.keySet()).get(size() - 1);
  }

  WorkflowExecution execution(String name) {
    List<NodeSpec> nodes = new ArrayList<>();
    dependencies.forEach(
        (node, deps) -> {
          NodeBuilder b = node(node).command("true");
          if (!deps.isEmpty()) {
            b.dependsOn(deps.toArray(String[]::new));
          }
          nodes.add(b.build());
        });
    return ExecutionBuilder.execution(name).nodes(nodes).build();
  }
}
