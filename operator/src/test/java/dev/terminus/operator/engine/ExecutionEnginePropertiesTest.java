package dev.terminus.operator.engine;

import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.crd.v1alpha1.ApprovalDecision;
import dev.terminus.crd.v1alpha1.Budget;
import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.FailureReason;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.WorkflowExecutionSpec;
import dev.terminus.crd.v1alpha1.WorkflowSpec;
import dev.terminus.operator.fixtures.NodeBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random DAGs under random event orders: Jobs start, run, succeed, fail for any reason, vanish; the
 * clock jumps; cancel arrives at any time. Whatever happens, no node starts before its dependencies
 * succeeded, parallelism is never exceeded, terminal phases never change, and every run ends
 * terminal.
 */
class ExecutionEnginePropertiesTest {
  private static final FailureReason[] REASONS = FailureReason.values();

  record Scenario(WorkflowExecutionSpec spec, long seed) {}

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Integer> size = Arbitraries.integers().between(1, 25);
    Arbitrary<Long> seeds = Arbitraries.longs();
    Arbitrary<Integer> parallelism = Arbitraries.integers().between(1, 6).injectNull(0.3);
    Arbitrary<Long> deadline = Arbitraries.longs().between(30, 3000).injectNull(0.5);
    return Combinators.combine(size, seeds, parallelism, deadline)
        .as((n, seed, par, dl) -> new Scenario(spec(n, new Random(seed), par, dl), seed));
  }

  private static WorkflowExecutionSpec spec(int n, Random r, Integer parallelism, Long deadline) {
    List<NodeSpec> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> deps = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        if (r.nextInt(4) == 0) {
          deps.add("n" + j);
        }
      }
      NodeBuilder b = node("n" + i).dependsOn(deps.toArray(String[]::new));
      int kind = r.nextInt(6);
      if (kind == 0) {
        nodes.add(b.approval(10 + r.nextInt(300)).build());
        continue;
      }
      if (kind == 1) {
        b.child("w" + i);
      }
      if (r.nextBoolean()) {
        b.retry(r.nextInt(3), r.nextInt(20));
      }
      if (r.nextBoolean()) {
        b.deadline(1 + r.nextInt(600));
      }
      nodes.add(b.build());
    }
    return new WorkflowExecutionSpec(
        null,
        new WorkflowSpec(null, parallelism, nodes),
        null,
        deadline,
        r.nextInt(3) == 0 ? new Budget(null, null, 1 + r.nextInt(3 * n)) : null,
        null,
        null,
        null,
        null);
  }

  @Property(tries = 300)
  void everyRunRespectsTheDagAndEndsTerminal(@ForAll("scenarios") Scenario s) {
    Random r = new Random(s.seed());
    EngineDriver e = new EngineDriver(s.spec());
    Map<String, NodePhase> terminalNodes = new HashMap<>();
    ExecutionPhase terminal = null;
    for (int step = 0; step < 5000; step++) {
      e.step();
      checkInvariants(e, s.spec().workflow());
      terminal = checkTerminalIsFinal(e, terminalNodes, terminal);
      if (terminal != null
          && e.jobs.values().stream().noneMatch(ExecutionEnginePropertiesTest::active)
          && e.children.values().stream().noneMatch(ExecutionEnginePropertiesTest::active)) {
        break;
      }
      perturb(e, r, step > 200);
    }
    assertThat(e.status.phase().isTerminal()).as("execution ended terminal").isTrue();
    assertThat(e.status.nodes()).allSatisfy(n -> assertThat(n.isTerminal()).isTrue());
    assertThat(e.refusals).isEmpty();
  }

  private static boolean active(AttemptOutcome o) {
    return o.kind() == AttemptOutcome.Kind.PENDING || o.kind() == AttemptOutcome.Kind.RUNNING;
  }

  private static void checkInvariants(EngineDriver e, WorkflowSpec wf) {
    Map<String, NodeStatus> byName = new HashMap<>();
    e.status.nodes().forEach(n -> byName.put(n.name(), n));
    for (JobAction a : e.last.actions()) {
      if (a instanceof JobAction.Start start) {
        NodeSpec spec =
            wf.nodes().stream()
                .filter(n -> n.name().equals(start.node()))
                .findFirst()
                .orElseThrow();
        for (String dep : spec.dependsOnOrEmpty()) {
          assertThat(byName.get(dep).phase())
              .as("dependency %s of %s", dep, start.node())
              .isEqualTo(NodePhase.Succeeded);
        }
      }
    }
    long live =
        e.status.nodes().stream()
            .filter(n -> !n.isTerminal() && n.attemptsOrZero() > 0 && n.nextAttemptAt() == null)
            .count();
    if (wf.parallelism() != null) {
      assertThat(live).isLessThanOrEqualTo(wf.parallelism());
    }
  }

  private static ExecutionPhase checkTerminalIsFinal(
      EngineDriver e, Map<String, NodePhase> terminalNodes, ExecutionPhase terminal) {
    if (terminal != null) {
      assertThat(e.status.phase()).isEqualTo(terminal);
    }
    for (NodeStatus n : e.status.nodes()) {
      NodePhase before = terminalNodes.get(n.name());
      if (before != null) {
        assertThat(n.phase()).as("terminal node %s", n.name()).isEqualTo(before);
      } else if (n.isTerminal()) {
        terminalNodes.put(n.name(), n.phase());
      }
    }
    return e.status.phase().isTerminal() ? e.status.phase() : null;
  }

  /** One random thing happens to the cluster, the clock or the spec. */
  private static void perturb(EngineDriver e, Random r, boolean draining) {
    List<String> names = new ArrayList<>(e.jobs.keySet());
    names.addAll(e.children.keySet());
    int roll = r.nextInt(draining ? 6 : 10);
    if (roll == 8 || (draining && roll == 5)) {
      decideSomeApproval(e, r);
      return;
    }
    if (roll == 0 || names.isEmpty()) {
      e.advance(Duration.ofSeconds(r.nextInt(draining ? 120 : 30)));
      return;
    }
    if (roll == 9 && r.nextInt(20) == 0) {
      e.spec = withCancel(e.spec);
      return;
    }
    String job = names.get(r.nextInt(names.size()));
    Map<String, AttemptOutcome> where = e.jobs.containsKey(job) ? e.jobs : e.children;
    AttemptOutcome now = where.get(job);
    if (!active(now)) {
      e.advance(Duration.ofSeconds(r.nextInt(10)));
      return;
    }
    switch (r.nextInt(6)) {
      case 0 -> where.put(job, e.running());
      case 1, 2 -> where.put(job, succeeded(e));
      case 3 -> where.put(job, e.failed(REASONS[r.nextInt(REASONS.length)], 1, "x"));
      case 4 -> where.remove(job);
      default -> e.advance(Duration.ofSeconds(r.nextInt(60)));
    }
  }

  /** A person approves or rejects a waiting approval node, at a random moment. */
  private static void decideSomeApproval(EngineDriver e, Random r) {
    List<NodeStatus> waiting =
        e.status.nodes().stream()
            .filter(n -> n.reason() == dev.terminus.crd.v1alpha1.Reason.WaitingForApproval)
            .toList();
    if (waiting.isEmpty()) {
      e.advance(Duration.ofSeconds(r.nextInt(30)));
      return;
    }
    String node = waiting.get(r.nextInt(waiting.size())).name();
    WorkflowExecutionSpec s = e.spec;
    Map<String, ApprovalDecision> approvals =
        new HashMap<>(s.approvals() == null ? Map.of() : s.approvals());
    approvals.put(
        node,
        new ApprovalDecision(
            r.nextBoolean() ? ApprovalDecision.Verdict.Approved : ApprovalDecision.Verdict.Rejected,
            "prop",
            null));
    e.spec =
        new WorkflowExecutionSpec(
            s.workflowRef(),
            s.workflow(),
            s.inputs(),
            s.activeDeadlineSeconds(),
            s.budget(),
            s.cancel(),
            s.suspend(),
            s.ttlSecondsAfterFinished(),
            approvals);
  }

  private static AttemptOutcome succeeded(EngineDriver e) {
    return e.succeeded("ok");
  }

  private static WorkflowExecutionSpec withCancel(WorkflowExecutionSpec s) {
    return new WorkflowExecutionSpec(
        s.workflowRef(),
        s.workflow(),
        s.inputs(),
        s.activeDeadlineSeconds(),
        s.budget(),
        true,
        s.suspend(),
        s.ttlSecondsAfterFinished(),
        s.approvals());
  }
}
