package dev.terminus.operator.engine;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.crd.v1alpha1.FailureReason;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.Reason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The worker's error type (incident e5c64137: a model that does not exist) is a field of the node
 * status, so that people and tools read ModelNotFound without parsing the message.
 */
class ErrorTypeTest {
  private static final String MODEL_NOT_FOUND =
      "{\"status\":\"failed\",\"error\":{\"type\":\"ModelNotFound\","
          + "\"message\":\"model \\\"claude-o\\\" not found\"}}";

  @Test
  void e5c64137_aFailedResultAfterExitZeroRecordsItsErrorType() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("a")).spec());
    e.step();
    e.set("a", e.succeeded(MODEL_NOT_FOUND));
    e.step();

    assertThat(e.node("a").phase()).isEqualTo(NodePhase.Failed);
    assertThat(e.node("a").reason()).isEqualTo(Reason.Error);
    assertThat(e.node("a").errorType()).isEqualTo("ModelNotFound");
    assertThat(e.node("a").message()).contains("claude-o");
  }

  @Test
  void aNonZeroExitWithAResultRecordsItsErrorType() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("a")).spec());
    e.step();
    e.set(
        "a",
        e.failed(
            FailureReason.Error,
            1,
            "{\"status\":\"failed\",\"error\":{\"type\":\"MissingCredential\","
                + "\"message\":\"TERMINUS_API_KEY is empty\"}}"));
    e.step();

    assertThat(e.node("a").errorType()).isEqualTo("MissingCredential");
  }

  @Test
  void aFailureWithoutAResultHasNoErrorType() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("a")).spec());
    e.step();
    e.set("a", e.failed(FailureReason.Error, 2, "stack trace tail"));
    e.step();

    assertThat(e.node("a").phase()).isEqualTo(NodePhase.Failed);
    assertThat(e.node("a").errorType()).isNull();
  }

  @Test
  void theErrorTypeBelongsToItsAttemptAndIsClearedWhenTheNextOneStarts() {
    EngineDriver e =
        new EngineDriver(execution("x").nodes(node("a").retry(1, 1, FailureReason.Error)).spec());
    e.step();
    e.set("a", e.succeeded(MODEL_NOT_FOUND));
    e.step();
    assertThat(e.node("a").errorType()).isEqualTo("ModelNotFound");

    e.advance(Duration.ofSeconds(2));
    e.step();

    assertThat(e.node("a").attempts()).isEqualTo(2);
    assertThat(e.node("a").errorType()).isNull();
  }

  @Test
  void onlyATypeNameIsRecordedNotFreeText() {
    assertThat(ErrorTypes.typed("RateLimited")).isEqualTo("RateLimited");
    assertThat(ErrorTypes.typed("provider.5xx")).isEqualTo("provider.5xx");
    assertThat(ErrorTypes.typed("model not found")).isNull();
    assertThat(ErrorTypes.typed("https://api.example/v1")).isNull();
    assertThat(ErrorTypes.typed("x".repeat(64))).isNull();
    assertThat(ErrorTypes.typed("")).isNull();
    assertThat(ErrorTypes.typed(null)).isNull();
  }
}
