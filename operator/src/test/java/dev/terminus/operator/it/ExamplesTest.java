package dev.terminus.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.Workflow;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.engine.SpecValidator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every manifest under examples/ applies, validates, and its executions run to Succeeded. */
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static OperatorHarness h;

  @BeforeAll
  static void start() {
    h = new OperatorHarness(OperatorHarness.fastConfig());
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void everyExampleAppliesValidatesAndSucceeds() throws IOException {
    List<String> executions = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(EXAMPLES)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(5);
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        for (HasMetadata item : h.client.load(in).items()) {
          HasMetadata typed =
              h.client.getKubernetesSerialization().convertValue(item, typeOf(item));
          validate(file, typed);
          h.client.resource(typed).inNamespace("default").create();
          if (typed instanceof WorkflowExecution) {
            executions.add(typed.getMetadata().getName());
          }
        }
      }
    }
    approve("release-run-1", "review");
    for (String name : executions) {
      assertThat(h.awaitPhase(name, ExecutionPhase.Succeeded)).as(name).isNotNull();
    }
  }

  private static Class<? extends HasMetadata> typeOf(HasMetadata item) {
    return switch (item.getKind()) {
      case "Workflow" -> Workflow.class;
      case "WorkflowExecution" -> WorkflowExecution.class;
      default -> throw new AssertionError("unexpected kind in examples: " + item.getKind());
    };
  }

  private static void validate(Path file, HasMetadata item) {
    if (item instanceof Workflow wf) {
      assertThat(SpecValidator.validate(wf.getSpec())).as(file.toString()).isEmpty();
    } else if (item instanceof WorkflowExecution wfx) {
      assertThat(SpecValidator.validate(wfx.getSpec())).as(file.toString()).isEmpty();
    }
  }

  private static void approve(String execution, String node) {
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                h.get(execution) != null
                    && h.get(execution).getStatus() != null
                    && h.get(execution).getStatus().reason()
                        == dev.terminus.crd.v1alpha1.Reason.WaitingForApproval);
    h.client
        .resources(WorkflowExecution.class)
        .withName(execution)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"approvals\":{\""
                + node
                + "\":{\"decision\":\"Approved\",\"by\":\"test\"}}}}");
  }
}
