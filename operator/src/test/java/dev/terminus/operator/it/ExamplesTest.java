package dev.terminus.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.Workflow;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.engine.SpecValidator;
import dev.terminus.operator.harness.Behaviour;
import dev.terminus.operator.harness.Script;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every manifest under examples/ applies, and each execution ends as the file's {@code # expect:}
 * line says: {@code # expect: <Phase>[/<Reason>] [<node>=<Phase>[/<Reason>] ...]}.
 *
 * <p>The fake Job controller runs the examples' nodes: every node succeeds, except the nodes the
 * failing examples name after what they do ({@code always-fails} exits 1, {@code too-slow} and
 * {@code long-task} run until their deadline or a cancel). The cancel example is cancelled and the
 * approval example approved, as their comments show with kubectl. (The embedded module's end-to-end
 * test runs the same examples as real processes.)
 */
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final Script EXAMPLE_NODES =
      Script.succeedAll()
          .on(
              "always-fails",
              Behaviour.exit(
                  1,
                  "{\"status\":\"failed\",\"error\":{\"type\":\"CommandFailed\","
                      + "\"message\":\"command exited with code 1\"}}"))
          .on("too-slow", Behaviour.runForever())
          .on("long-task", Behaviour.runForever());

  private static OperatorHarness h;

  @BeforeAll
  static void start() {
    h = new OperatorHarness(OperatorHarness.fastConfig());
    h.jobs.setScript(EXAMPLE_NODES);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void everyExampleAppliesAndEndsAsItsExpectLineSays() throws IOException {
    Map<String, Expectation> executions = new LinkedHashMap<>();
    List<Path> files = exampleFiles();
    assertThat(files).hasSizeGreaterThanOrEqualTo(11);
    for (Path file : files) {
      Expectation expected = Expectation.of(file);
      for (HasMetadata item : load(file)) {
        validate(file, item, expected);
        h.client.resource(item).inNamespace("default").create();
        if (item instanceof WorkflowExecution) {
          executions.put(item.getMetadata().getName(), expected);
        }
      }
    }
    approve("release-run-1", "review");
    executions.forEach(
        (name, expected) -> {
          if (expected.phase() == ExecutionPhase.Cancelled) {
            cancel(name);
          }
        });
    executions.forEach(ExamplesTest::assertEnded);
  }

  static List<Path> exampleFiles() throws IOException {
    try (Stream<Path> list = Files.list(EXAMPLES)) {
      return list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static List<HasMetadata> load(Path file) throws IOException {
    List<HasMetadata> typed = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (HasMetadata item : h.client.load(in).items()) {
        typed.add(h.client.getKubernetesSerialization().convertValue(item, typeOf(item)));
      }
    }
    return typed;
  }

  private static void assertEnded(String name, Expectation expected) {
    WorkflowExecution wfx = h.awaitPhase(name, expected.phase());
    if (expected.reason() != null) {
      assertThat(wfx.getStatus().reason()).as(name + " reason").isEqualTo(expected.reason());
    }
    expected
        .nodes()
        .forEach(
            (node, outcome) -> {
              NodeStatus status =
                  wfx.getStatus().nodes().stream()
                      .filter(n -> n.name().equals(node))
                      .findFirst()
                      .orElseThrow();
              assertThat(status.phase().name()).as(name + "/" + node).isEqualTo(outcome.phase());
              if (outcome.reason() != null) {
                assertThat(status.reason()).as(name + "/" + node).isEqualTo(outcome.reason());
              }
            });
  }

  private static Class<? extends HasMetadata> typeOf(HasMetadata item) {
    return switch (item.getKind()) {
      case "Workflow" -> Workflow.class;
      case "WorkflowExecution" -> WorkflowExecution.class;
      default -> throw new AssertionError("unexpected kind in examples: " + item.getKind());
    };
  }

  /** The examples are valid, but for the one meant to show an invalid spec. */
  private static void validate(Path file, HasMetadata item, Expectation expected) {
    if (item instanceof Workflow wf) {
      assertThat(SpecValidator.validate(wf.getSpec())).as(file.toString()).isEmpty();
    } else if (item instanceof WorkflowExecution wfx) {
      var problems = SpecValidator.validate(wfx.getSpec());
      if (expected.reason() == Reason.InvalidSpec) {
        assertThat(problems).as(file.toString()).isNotEmpty();
      } else {
        assertThat(problems).as(file.toString()).isEmpty();
      }
    }
  }

  private static void approve(String execution, String node) {
    awaitReason(execution, Reason.WaitingForApproval);
    mergePatch(
        execution,
        "{\"spec\":{\"approvals\":{\""
            + node
            + "\":{\"decision\":\"Approved\",\"by\":\"test\"}}}}");
  }

  private static void cancel(String execution) {
    awaitReason(execution, Reason.Started);
    mergePatch(execution, "{\"spec\":{\"cancel\":true}}");
  }

  private static void awaitReason(String execution, Reason reason) {
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                h.get(execution) != null
                    && h.get(execution).getStatus() != null
                    && h.get(execution).getStatus().reason() == reason);
  }

  private static void mergePatch(String execution, String patch) {
    h.client
        .resources(WorkflowExecution.class)
        .withName(execution)
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  /**
   * An example's {@code # expect:} line: the execution's final phase and reason, and optionally
   * some nodes' (by phase name, as node phases are another enum).
   */
  record Expectation(ExecutionPhase phase, Reason reason, Map<String, NodeOutcome> nodes) {

    record NodeOutcome(String phase, Reason reason) {}

    static Expectation of(Path file) throws IOException {
      List<String> lines =
          Files.readAllLines(file).stream().filter(l -> l.startsWith("# expect:")).toList();
      assertThat(lines).as(file + " has one # expect: line").hasSize(1);
      String[] words = lines.get(0).substring("# expect:".length()).trim().split("\\s+");
      String[] execution = words[0].split("/");
      Map<String, NodeOutcome> nodes = new LinkedHashMap<>();
      for (int i = 1; i < words.length; i++) {
        String[] node = words[i].split("=");
        String[] outcome = node[1].split("/");
        nodes.put(node[0], new NodeOutcome(outcome[0], reason(outcome)));
      }
      return new Expectation(ExecutionPhase.valueOf(execution[0]), reason(execution), nodes);
    }

    private static Reason reason(String[] phaseAndReason) {
      return phaseAndReason.length > 1 ? Reason.valueOf(phaseAndReason[1]) : null;
    }
  }
}
