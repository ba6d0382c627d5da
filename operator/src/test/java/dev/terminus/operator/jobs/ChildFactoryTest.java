package dev.terminus.operator.jobs;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.crd.v1alpha1.Api;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildFactoryTest {
  private final ChildFactory factory = new ChildFactory(Duration.ofSeconds(30));
  private final WorkflowExecution parent = execution("parent").nodes(node("a")).build();

  private Long childDeadline(long nodeDeadline) {
    return factory
        .build(
            parent,
            node("sub").child("wf").deadline(nodeDeadline).build(),
            "parent-sub-1",
            List.of(),
            List.of())
        .getSpec()
        .activeDeadlineSeconds();
  }

  @Test
  void aChildsDeadlineIsAGraceAfterItsNodes() {
    assertThat(childDeadline(100)).isEqualTo(130);
  }

  /** Above the schema's maximum the API server would refuse the child (422) for ever. */
  @Test
  void aChildsDeadlineNeverExceedsTheSchemaMaximumWhenTheNodeDeadlinePlusGraceWould() {
    assertThat(childDeadline(Api.MAX_DEADLINE_SECONDS)).isEqualTo(Api.MAX_DEADLINE_SECONDS);
    assertThat(childDeadline(Api.MAX_DEADLINE_SECONDS - 10)).isEqualTo(Api.MAX_DEADLINE_SECONDS);
  }
}
