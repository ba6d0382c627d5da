package dev.terminus.operator.chaos;

import static org.assertj.core.api.Assertions.fail;

import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.harness.FakeJobController;
import dev.terminus.operator.harness.TestCluster;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The guarantee under fire: random DAGs whose attempts succeed, crash, run out of memory, hang past
 * their deadlines, cannot pull their image or find their Secret, or are evicted, while a chaos
 * thread deletes Pods and Jobs, makes the API answer 500, cancels executions and restarts the
 * operator. Every execution must end terminal within its stated bound, with a status consistent
 * with what happened, no Job created twice and none left running.
 *
 * <p>Size and seed: {@code -Dterminus.chaos.executions} (default 30, as {@code make test} runs it)
 * and {@code -Dterminus.chaos.seed}; {@code make chaos} runs 200. The summary is printed and
 * written to {@code target/chaos-summary.txt}.
 */
class ChaosTest {

  private static final String NAMESPACE = ChaosSettings.NAMESPACE;
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Path SUMMARY_FILE = Path.of("target", "chaos-summary.txt");

  /** How long the end of the run waits for the last Jobs to stop. */
  private static final Duration CLEANUP_WAIT = ChaosVerdict.JOB_STOP_ALLOWANCE.plusSeconds(1);

  @Test
  void everyExecutionEndsTerminalWithinItsBoundUnderRandomFaults() throws Exception {
    ChaosSettings settings = ChaosSettings.fromSystemProperties();
    System.out.printf(
        "Chaos test: %d executions, seed %d%n", settings.executions(), settings.seed());
    List<ExecutionPlan> plans = PlanGenerator.generate(settings);
    FaultLog faults = new FaultLog();
    Instant start = Instant.now();
    try (TestCluster cluster = TestCluster.start();
        FakeJobController jobs =
            new FakeJobController(cluster.newClient(), new PlannedScript(plans)).start();
        JobLedger ledger = JobLedger.start(cluster.newClient(), NAMESPACE);
        ExecutionTracker tracker = ExecutionTracker.start(cluster.newClient(), NAMESPACE);
        OperatorLifecycle operators = OperatorLifecycle.start(cluster, settings.operatorConfig())) {
      runUnderChaos(settings, plans, cluster, jobs, tracker, operators, faults);
      awaitJobsStopped(cluster.client());
      Map<String, WorkflowExecution> finals = finalStates(plans, cluster.client());
      List<Timing> timings = timings(plans, tracker, operators);
      report(
          ChaosSummary.of(
              settings,
              Duration.between(start, Instant.now()),
              finals.values(),
              timings,
              faults,
              ledger,
              jobs.createdJobCount(),
              operators));
      List<String> failures =
          new ChaosVerdict(
                  plans,
                  finals,
                  timings,
                  tracker,
                  ledger,
                  jobs.createdJobCount(),
                  operators,
                  faults)
              .failures();
      if (!failures.isEmpty()) {
        fail(
            "Chaos run failed (reproduce with "
                + settings.reproduction()
                + "):\n"
                + String.join("\n", failures));
      }
    }
  }

  /** Launches every execution while the chaos goes on, and waits for them all to end. */
  private static void runUnderChaos(
      ChaosSettings settings,
      List<ExecutionPlan> plans,
      TestCluster cluster,
      FakeJobController jobs,
      ExecutionTracker tracker,
      OperatorLifecycle operators,
      FaultLog faults)
      throws InterruptedException {
    ChaosMonkey monkey =
        new ChaosMonkey(
                settings.seed(),
                cluster.newClient(),
                jobs,
                operators,
                tracker,
                new ApiFaults(cluster.server(), NAMESPACE),
                faults)
            .start();
    try {
      launch(plans, cluster.client(), tracker, settings.launchInterval());
      awaitTerminal(plans, tracker, operators);
    } finally {
      monkey.close();
    }
  }

  /** Creates the executions one by one, evenly spread, while the chaos goes on. */
  private static void launch(
      List<ExecutionPlan> plans,
      KubernetesClient client,
      ExecutionTracker tracker,
      Duration interval)
      throws InterruptedException {
    for (ExecutionPlan plan : plans) {
      tracker.created(plan.name());
      client.resource(plan.toResource()).create();
      Thread.sleep(interval.toMillis());
    }
  }

  /** Waits until every execution is terminal, or until the latest bound has passed. */
  private static void awaitTerminal(
      List<ExecutionPlan> plans, ExecutionTracker tracker, OperatorLifecycle operators)
      throws InterruptedException {
    while (!tracker.allTerminal()
        && Instant.now().isBefore(latestBound(plans, tracker, operators))) {
      Thread.sleep(POLL.toMillis());
    }
  }

  private static Instant latestBound(
      List<ExecutionPlan> plans, ExecutionTracker tracker, OperatorLifecycle operators) {
    Instant now = Instant.now();
    return plans.stream()
        .map(
            p -> {
              Instant created = tracker.createdAt(p.name());
              return created.plus(
                  Timing.bound(p.deadlineSeconds(), operators.downtimeBetween(created, now)));
            })
        .max(Instant::compareTo)
        .orElse(now);
  }

  /**
   * Once everything has ended, a Job still active belongs to a finished execution, and the operator
   * must stop it within one resync. Waits until none is active, or that long.
   */
  private static void awaitJobsStopped(KubernetesClient client) throws InterruptedException {
    Instant giveUp = Instant.now().plus(CLEANUP_WAIT);
    while (!activeJobs(client).isEmpty() && Instant.now().isBefore(giveUp)) {
      Thread.sleep(POLL.toMillis());
    }
  }

  private static List<Job> activeJobs(KubernetesClient client) {
    return client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(j -> !JobLedger.isFinished(j))
        .toList();
  }

  /** Each execution as the API server has it now, by name, in plan order. */
  private static Map<String, WorkflowExecution> finalStates(
      List<ExecutionPlan> plans, KubernetesClient client) {
    Map<String, WorkflowExecution> finals = new LinkedHashMap<>();
    for (ExecutionPlan plan : plans) {
      finals.put(
          plan.name(),
          client
              .resources(WorkflowExecution.class)
              .inNamespace(NAMESPACE)
              .withName(plan.name())
              .get());
    }
    return finals;
  }

  private static List<Timing> timings(
      List<ExecutionPlan> plans, ExecutionTracker tracker, OperatorLifecycle operators) {
    return plans.stream()
        .map(
            p -> {
              Instant created = tracker.createdAt(p.name());
              Instant ended = tracker.terminalAt(p.name()).orElse(null);
              Duration downtime =
                  operators.downtimeBetween(created, ended == null ? Instant.now() : ended);
              return new Timing(
                  p.name(),
                  p.deadlineSeconds(),
                  Timing.bound(p.deadlineSeconds(), downtime),
                  ended == null ? null : Duration.between(created, ended));
            })
        .toList();
  }

  private static void report(String summary) throws IOException {
    System.out.print(summary);
    Files.createDirectories(Objects.requireNonNull(SUMMARY_FILE.getParent()));
    Files.writeString(SUMMARY_FILE, summary);
  }
}
