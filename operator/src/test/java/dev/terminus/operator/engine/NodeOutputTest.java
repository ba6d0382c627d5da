package dev.terminus.operator.engine;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.Reason;
import org.junit.jupiter.api.Test;

/** What the status records of a node's output: preview, whether it is cut, and the ref. */
class NodeOutputTest {
  private static final String REF =
      "redis://cache:6379/terminus:output:" + EngineDriver.UID + ":a:1";

  private static NodeStatus afterResult(String terminationMessage) {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("a")).spec());
    e.step();
    e.set("a", e.succeeded(terminationMessage));
    e.step();
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Succeeded);
    return e.node("a");
  }

  @Test
  void aCompleteOutputIsNotTruncatedAndHasNoRef() {
    NodeStatus a = afterResult("{\"status\":\"succeeded\",\"output\":\"hello\"}");
    assertThat(a.outputPreview()).isEqualTo("hello");
    assertThat(a.outputTruncated()).isNull();
    assertThat(a.partialOutput()).isFalse();
    assertThat(a.outputRef()).isNull();
  }

  @Test
  void aStoredOutputKeepsItsRefAndIsMarkedTruncated() {
    NodeStatus a =
        afterResult(
            "{\"status\":\"succeeded\",\"output\":\"start\",\"truncated\":true,\"outputRef\":\""
                + REF
                + "\"}");
    assertThat(a.outputPreview()).isEqualTo("start");
    assertThat(a.outputTruncated()).isTrue();
    assertThat(a.outputRef()).isEqualTo(REF);
    assertThat(a.message()).isNull();
  }

  @Test
  void anOutputCutByTheStatusBoundIsMarkedTruncated() {
    String output = "x".repeat(EngineConfig.defaults().outputPreviewChars() + 1);
    NodeStatus a = afterResult("{\"status\":\"succeeded\",\"output\":\"" + output + "\"}");
    assertThat(a.outputPreview()).hasSize(EngineConfig.defaults().outputPreviewChars());
    assertThat(a.outputTruncated()).isTrue();
    assertThat(a.outputRef()).isNull();
  }

  @Test
  void aRefWithACredentialIsNeverRecorded() {
    NodeStatus a =
        afterResult(
            "{\"status\":\"succeeded\",\"output\":\"start\",\"truncated\":true,"
                + "\"outputRef\":\"redis://:hunter2@cache:6379/terminus:output:"
                + EngineDriver.UID
                + ":a:1\"}");
    assertThat(a.phase()).isEqualTo(NodePhase.Succeeded);
    assertThat(a.outputRef()).isNull();
    assertThat(a.outputTruncated()).isTrue();
    assertThat(a.message()).startsWith("outputRef ignored").doesNotContain("hunter2");
  }

  @Test
  void aFailedResultOfAnErrorTypeTheOperatorDoesNotKnowFailsWithItsTypeAndMessage() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("a")).spec());
    e.step();
    e.set(
        "a",
        e.succeeded(
            "{\"status\":\"failed\",\"error\":{\"type\":\"InputUnavailable\","
                + "\"message\":\"upstream fetch: key expired\"}}"));
    e.step();
    assertThat(e.node("a").phase()).isEqualTo(NodePhase.Failed);
    assertThat(e.node("a").reason()).isEqualTo(Reason.Error);
    assertThat(e.node("a").message()).isEqualTo("InputUnavailable: upstream fetch: key expired");
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Failed);
  }
}
