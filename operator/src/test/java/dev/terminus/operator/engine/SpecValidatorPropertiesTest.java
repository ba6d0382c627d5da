package dev.terminus.operator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.NodeType;
import dev.terminus.crd.v1alpha1.WorkflowSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SpecValidatorPropertiesTest {

  private static final int MAX_NODES = 60;
  private static final Pattern NODE_INDEX = Pattern.compile("nodes\\[(\\d+)]");

  /** Edges only from later to earlier nodes: every such graph is acyclic, and a valid workflow. */
  @Property
  void acyclicDagsHaveNoProblems(@ForAll("dags") List<NodeSpec> nodes) {
    assertThat(SpecValidator.validate(workflow(nodes))).isEmpty();
  }

  /**
   * One dependency from a node back to one that depends on it, through a path, closes cycles that
   * all pass through that dependency: one strongly connected component, one problem.
   */
  @Property
  void oneBackEdgeClosingAPathIsExactlyOneCycleAlongRealEdges(
      @ForAll("dags") List<NodeSpec> dag, @ForAll long choice) {
    Random random = new Random(choice);
    List<NodeSpec> nodes = new ArrayList<>(dag);
    if (nodes.size() < 2) {
      nodes.add(node("extra", List.of(nodes.get(0).name())));
    }
    int from = 1 + random.nextInt(nodes.size() - 1);
    List<String> reachable = dependenciesOf(nodes, from);
    if (reachable.isEmpty()) {
      String previous = nodes.get(from - 1).name();
      nodes.set(from, withDependency(nodes.get(from), previous));
      reachable = List.of(previous);
    }
    String to = reachable.get(random.nextInt(reachable.size()));
    String fromName = nodes.get(from).name();
    int closing = indexOf(nodes, to);
    nodes.set(closing, withDependency(nodes.get(closing), fromName));

    List<Problem> problems = SpecValidator.validate(workflow(nodes));

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).message()).startsWith("cycle: ");
    List<String> cycle =
        List.of(problems.get(0).message().substring("cycle: ".length()).split(" -> "));
    assertThat(cycle.get(0)).isEqualTo(cycle.get(cycle.size() - 1));
    assertThat(new LinkedHashSet<>(cycle.subList(0, cycle.size() - 1))).hasSize(cycle.size() - 1);
    Map<String, NodeSpec> byName = byName(nodes);
    for (int i = 0; i + 1 < cycle.size(); i++) {
      assertThat(byName.get(cycle.get(i)).dependsOnOrEmpty())
          .as("%s -> %s is a dependency", cycle.get(i), cycle.get(i + 1))
          .contains(cycle.get(i + 1));
    }
    assertThat(String.join(" -> ", cycle)).contains(to + " -> " + fromName);
    assertThat(problems.get(0).field()).matches("spec\\.nodes\\[\\d+]\\.dependsOn\\[\\d+]");
  }

  /**
   * Order of nodes is meaningless in a workflow, so it must not change what is wrong: compared with
   * each node index replaced by the node's name.
   */
  @Property
  void shufflingNodesNeverChangesTheProblems(
      @ForAll("anyGraphs") List<NodeSpec> nodes, @ForAll long seed) {
    List<NodeSpec> shuffled = new ArrayList<>(nodes);
    Collections.shuffle(shuffled, new Random(seed));

    Set<String> before = normalized(SpecValidator.validate(workflow(nodes)), nodes);
    Set<String> after = normalized(SpecValidator.validate(workflow(shuffled)), shuffled);

    assertThat(after).isEqualTo(before);
  }

  // ---------------------------------------------------------------------------------------------
  // Generators.

  @Provide
  Arbitrary<List<NodeSpec>> dags() {
    return Arbitraries.integers()
        .between(1, MAX_NODES)
        .flatMap(
            n ->
                Arbitraries.integers()
                    .between(0, Integer.MAX_VALUE)
                    .list()
                    .ofMaxSize(4)
                    .list()
                    .ofSize(n)
                    .map(SpecValidatorPropertiesTest::dagFrom));
  }

  /** Node i depends on earlier nodes only, picked by the raw numbers. */
  private static List<NodeSpec> dagFrom(List<List<Integer>> raw) {
    List<NodeSpec> nodes = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      int earlier = i;
      List<String> deps =
          earlier == 0
              ? List.of()
              : raw.get(i).stream().map(r -> name(r % earlier)).distinct().toList();
      nodes.add(node(name(i), deps));
    }
    return nodes;
  }

  /**
   * Any edges: cycles, self-dependencies, unknown names, and approval nodes without timeout, so
   * that there are problems to compare.
   */
  @Provide
  Arbitrary<List<NodeSpec>> anyGraphs() {
    return Arbitraries.integers()
        .between(1, MAX_NODES)
        .flatMap(
            n -> {
              Arbitrary<List<Integer>> deps =
                  Arbitraries.integers().between(0, n + 1).list().ofMaxSize(3);
              Arbitrary<Boolean> approval = Arbitraries.of(true, false, false, false);
              return Combinators.combine(deps, approval)
                  .as(Edges::new)
                  .list()
                  .ofSize(n)
                  .map(SpecValidatorPropertiesTest::graphFrom);
            });
  }

  private record Edges(List<Integer> targets, boolean approval) {}

  private static List<NodeSpec> graphFrom(List<Edges> edges) {
    int n = edges.size();
    List<NodeSpec> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> deps =
          edges.get(i).targets().stream().map(t -> t < n ? name(t) : "ghost" + (t - n)).toList();
      NodeSpec node = node(name(i), deps);
      nodes.add(edges.get(i).approval() ? asApprovalWithoutTimeout(node) : node);
    }
    return nodes;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers.

  private static String name(int i) {
    return "n" + i;
  }

  private static WorkflowSpec workflow(List<NodeSpec> nodes) {
    return new WorkflowSpec(null, null, nodes);
  }

  private static NodeSpec node(String name, List<String> dependsOn) {
    return new NodeSpec(
        name, null, null, null, "busybox", null, null, null, dependsOn, null, null, null, null,
        null, null, null, null, null, null, null, null);
  }

  private static NodeSpec asApprovalWithoutTimeout(NodeSpec n) {
    return new NodeSpec(
        n.name(),
        NodeType.APPROVAL,
        null,
        null,
        null,
        null,
        null,
        null,
        n.dependsOn(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static NodeSpec withDependency(NodeSpec node, String dependency) {
    List<String> deps = new ArrayList<>(node.dependsOnOrEmpty());
    deps.add(dependency);
    return node.withDependsOn(deps);
  }

  private static int indexOf(List<NodeSpec> nodes, String name) {
    return IntStream.range(0, nodes.size())
        .filter(i -> nodes.get(i).name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, NodeSpec> byName(List<NodeSpec> nodes) {
    return nodes.stream().collect(Collectors.toMap(NodeSpec::name, Function.identity()));
  }

  /** Every node the given node depends on, directly or not. */
  private static List<String> dependenciesOf(List<NodeSpec> nodes, int index) {
    Map<String, NodeSpec> byName = byName(nodes);
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(nodes.get(index).dependsOnOrEmpty());
    while (!todo.isEmpty()) {
      String next = todo.pop();
      if (seen.add(next)) {
        todo.addAll(byName.get(next).dependsOnOrEmpty());
      }
    }
    return new ArrayList<>(seen);
  }

  /** Problems with {@code nodes[3]} written {@code nodes[<name of node 3>]}. */
  private static Set<String> normalized(List<Problem> problems, List<NodeSpec> nodes) {
    Set<String> result = new LinkedHashSet<>();
    for (Problem problem : problems) {
      Matcher m = NODE_INDEX.matcher(problem.toString());
      result.add(
          m.replaceAll(r -> "nodes[" + nodes.get(Integer.parseInt(r.group(1))).name() + "]"));
    }
    return result;
  }
}
