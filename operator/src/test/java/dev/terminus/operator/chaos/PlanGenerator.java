package dev.terminus.operator.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Draws the executions of a run from its seed: random DAGs of 1–6 nodes (edges only to earlier
 * nodes, so never a cycle), random parallelism, node deadlines, retry policies, execution
 * deadlines, and what every attempt of every node does. The same seed and size always give the same
 * plans.
 */
final class PlanGenerator {

  private static final int MAX_NODES = 6;
  private static final int MIN_NODE_DEADLINE = 1;
  private static final int MAX_NODE_DEADLINE = 4;

  /**
   * One node in eight gets a long deadline instead. A Job that outlives its execution ends at its
   * own deadline anyway, so with 1–4 s deadlines only: such a leak would end before anyone could
   * see it. Long deadlines also let hanging attempts run into the execution's deadline.
   */
  private static final int MIN_LONG_NODE_DEADLINE = 20;

  private static final int MAX_LONG_NODE_DEADLINE = 30;
  private static final int MAX_RETRY_LIMIT = 2;
  private static final int MIN_EXECUTION_DEADLINE = 20;
  private static final int MAX_EXECUTION_DEADLINE = 40;

  /**
   * One execution in four gets a tight deadline instead, which slow nodes, hanging attempts and
   * retries overrun: most DAGs end long before 20 s, and the execution deadline must be hit too.
   */
  private static final int MIN_TIGHT_DEADLINE = 5;

  private static final int MAX_TIGHT_DEADLINE = 10;

  /** Attempt behaviours with their weights; most attempts succeed, so that some executions do. */
  private static final List<Weighted<Function<Random, PlannedAttempt>>> ATTEMPTS =
      List.of(
          new Weighted<>(60, r -> PlannedAttempt.succeedAfter(millis(r, 50, 1500))),
          // May outlive the node's deadline (1–4 s): a deadline overrun of a working node.
          new Weighted<>(6, r -> PlannedAttempt.succeedAfter(millis(r, 1500, 5000))),
          new Weighted<>(8, r -> PlannedAttempt.exit(1 + r.nextInt(3))),
          new Weighted<>(4, r -> PlannedAttempt.oomKilled()),
          new Weighted<>(8, r -> PlannedAttempt.runForever()),
          new Weighted<>(4, r -> PlannedAttempt.imagePullBackOff()),
          new Weighted<>(4, r -> PlannedAttempt.createContainerConfigError()),
          new Weighted<>(6, r -> PlannedAttempt.evicted()));

  private PlanGenerator() {}

  static List<ExecutionPlan> generate(ChaosSettings settings) {
    Random random = new Random(settings.seed());
    List<ExecutionPlan> plans = new ArrayList<>();
    for (int i = 0; i < settings.executions(); i++) {
      plans.add(execution(i, random));
    }
    return plans;
  }

  private static ExecutionPlan execution(int index, Random random) {
    String id = String.format("%03d", index);
    int nodeCount = 1 + random.nextInt(MAX_NODES);
    List<NodePlan> nodes = new ArrayList<>();
    for (int n = 0; n < nodeCount; n++) {
      nodes.add(node("e" + id + "-n" + n, dependencies(nodes, random), random));
    }
    Integer parallelism = random.nextInt(3) == 0 ? null : 1 + random.nextInt(3);
    long deadline =
        random.nextInt(4) == 0
            ? between(random, MIN_TIGHT_DEADLINE, MAX_TIGHT_DEADLINE)
            : between(random, MIN_EXECUTION_DEADLINE, MAX_EXECUTION_DEADLINE);
    return new ExecutionPlan("chaos-" + id, deadline, parallelism, nodes);
  }

  /** Each earlier node is a dependency with probability 1/3. */
  private static List<String> dependencies(List<NodePlan> earlier, Random random) {
    return earlier.stream().filter(n -> random.nextInt(3) == 0).map(NodePlan::name).toList();
  }

  private static NodePlan node(String name, List<String> dependsOn, Random random) {
    long deadline =
        random.nextInt(8) == 0
            ? between(random, MIN_LONG_NODE_DEADLINE, MAX_LONG_NODE_DEADLINE)
            : between(random, MIN_NODE_DEADLINE, MAX_NODE_DEADLINE);
    int retryLimit = random.nextInt(MAX_RETRY_LIMIT + 1);
    long backoff = random.nextInt(2);
    List<PlannedAttempt> attempts = new ArrayList<>();
    for (int a = 0; a <= retryLimit; a++) {
      attempts.add(pick(ATTEMPTS, random).apply(random));
    }
    return new NodePlan(name, dependsOn, deadline, retryLimit, backoff, List.copyOf(attempts));
  }

  private static long between(Random random, int min, int max) {
    return min + random.nextInt(max - min + 1);
  }

  private static Duration millis(Random random, int min, int max) {
    return Duration.ofMillis(between(random, min, max));
  }

  static <T> T pick(List<Weighted<T>> choices, Random random) {
    int total = choices.stream().mapToInt(Weighted::weight).sum();
    int roll = random.nextInt(total);
    for (Weighted<T> choice : choices) {
      roll -= choice.weight();
      if (roll < 0) {
        return choice.value();
      }
    }
    throw new IllegalStateException("weights changed while picking");
  }

  record Weighted<T>(int weight, T value) {}
}
