package dev.terminus.operator.engine;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.Reason;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A create the API server refuses with anything but 409 is decided by the engine: a permanent
 * rejection fails the node with a typed reason and the API server's message, a transient one leaves
 * it Pending with its reason and retries with a bounded backoff within the node's bounds. Either
 * way the status, with the execution's start, is written: nothing is retried forever before any
 * status exists.
 */
class CreateRefusalEngineTest {
  private static final CreateRefusal INVALID_LABEL =
      CreateRefusal.of(
          422,
          "Invalid",
          "Job.batch \"wfx-a-1\" is invalid: metadata.labels: Invalid value: \"x...\": must be no"
              + " more than 63 characters");
  private static final CreateRefusal QUOTA =
      CreateRefusal.of(
          403,
          "Forbidden",
          "jobs.batch \"wfx-a-1\" is forbidden: exceeded quota: jobs, requested:"
              + " count/jobs.batch=1, used: count/jobs.batch=2, limited: count/jobs.batch=2");

  @Test
  void aRejectedJobCreateFailsTheNodeCreateRejectedWithTheApiServersMessageAndTheExecutionFails() {
    EngineDriver e =
        new EngineDriver(execution("x").nodes(node("a"), node("b").dependsOn("a")).spec());
    e.refuse.put("wfx-a-1", INVALID_LABEL);

    e.step();

    assertThat(e.node("a").phase()).isEqualTo(NodePhase.Failed);
    assertThat(e.node("a").reason()).isEqualTo(Reason.CreateRejected);
    assertThat(e.node("a").message())
        .contains("Job wfx-a-1 rejected", "HTTP 422", "must be no more than 63 characters");
    assertThat(e.node("b").phase()).isEqualTo(NodePhase.Skipped);
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(e.status.reason()).isEqualTo(Reason.NodeFailed);
    assertThat(e.status.startedAt()).isEqualTo(Texts.time(e.createdAt));
    assertThat(e.jobs).isEmpty();
    assertThat(e.last.transitions())
        .anySatisfy(
            t -> {
              assertThat(t.node()).isEqualTo("a");
              assertThat(t.reason()).isEqualTo(Reason.CreateRejected);
              assertThat(t.warning()).isTrue();
            });
  }

  @Test
  void aRejectedCreateIsNeverRetriedEvenWithARetryPolicy() {
    EngineDriver e =
        new EngineDriver(
            execution("x")
                .nodes(node("a").retry(5, 0, dev.terminus.crd.v1alpha1.FailureReason.Error))
                .spec());
    e.refuse.put("wfx-a-1", INVALID_LABEL);
    e.refuse.put("wfx-a-2", INVALID_LABEL);

    e.step();
    e.advance(Duration.ofMinutes(5));
    e.step();

    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(e.node("a").reason()).isEqualTo(Reason.CreateRejected);
    assertThat(e.allActions).noneMatch(a -> a instanceof JobAction.Start);
  }

  @Test
  void aRejectedChildExecutionFailsItsWorkflowNodeCreateRejected() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("sub").child("child-wf")).spec());
    e.refuse.put(
        "wfx-sub-1",
        CreateRefusal.of(
            422, "Invalid", "WorkflowExecution.terminus.dev \"wfx-sub-1\" is invalid"));

    e.step();

    assertThat(e.node("sub").phase()).isEqualTo(NodePhase.Failed);
    assertThat(e.node("sub").reason()).isEqualTo(Reason.CreateRejected);
    assertThat(e.node("sub").message()).contains("child execution wfx-sub-1 rejected");
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Failed);
  }

  @Test
  void aFullQuotaLeavesTheNodePendingQuotaExceededAndItStartsWhenTheQuotaFreesUp() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("a")).spec());
    e.refuse.put("wfx-a-1", QUOTA);
    Instant firstTry = e.now;

    e.step();

    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Running);
    assertThat(e.status.startedAt()).isEqualTo(Texts.time(firstTry));
    assertThat(e.node("a").phase()).isEqualTo(NodePhase.Pending);
    assertThat(e.node("a").reason()).isEqualTo(Reason.QuotaExceeded);
    assertThat(e.node("a").message()).contains("Job wfx-a-1 not created", "exceeded quota");
    assertThat(e.node("a").attempts()).isZero();
    assertThat(e.node("a").job()).isNull();
    assertThat(e.last.wakeAt()).contains(firstTry.plusSeconds(1));
    assertThat(e.last.transitions())
        .filteredOn(t -> "a".equals(t.node()))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.reason()).isEqualTo(Reason.QuotaExceeded);
              assertThat(t.warning()).as("reported as a Warning Event").isTrue();
            });

    // Still full: retried later and later, reported once.
    e.advance(Duration.ofSeconds(1));
    e.step();
    assertThat(e.node("a").reason()).isEqualTo(Reason.QuotaExceeded);
    assertThat(e.last.transitions()).isEmpty();
    e.advance(Duration.ofSeconds(1));
    e.step();
    assertThat(e.last.wakeAt()).contains(e.now.plusSeconds(2));

    // The quota frees up: the next try creates the attempt, whose bounds run from the first try.
    e.refuse.clear();
    e.advance(Duration.ofSeconds(2));
    e.step();
    assertThat(e.jobs).containsOnlyKeys("wfx-a-1");
    assertThat(e.node("a").attempts()).isEqualTo(1);
    assertThat(e.node("a").reason()).isEqualTo(Reason.ContainerCreating);
    assertThat(e.node("a").startedAt()).isEqualTo(Texts.time(firstTry));
    e.set("a", e.succeeded("done"));
    e.step();
    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Succeeded);
  }

  @Test
  void aQuotaThatNeverFreesFailsTheNodePendingTooLongAtItsPendingTimeoutWithBoundedRetries() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("a").pendingTimeout(120)).spec());
    e.refuse.put("wfx-a-1", QUOTA);
    Instant firstTry = e.now;
    int evaluations = 0;

    e.step();
    while (!e.status.phase().isTerminal() && evaluations++ < 1000) {
      e.now = e.last.wakeAt().orElseThrow();
      e.step();
    }

    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(e.node("a").reason()).isEqualTo(Reason.PendingTooLong);
    assertThat(e.node("a").message())
        .contains("not created within the node's pendingTimeoutSeconds of 120s", "exceeded quota");
    assertThat(e.now).isEqualTo(firstTry.plusSeconds(120));
    // 1, 1, 2, 4, 8, 16, 30, 30, ... seconds apart: a bounded backoff, not a hot loop.
    assertThat(evaluations).isBetween(5, 12);
    assertThat(e.last.detections())
        .anySatisfy(d -> assertThat(d.rule()).isEqualTo(WatchdogRule.PendingTooLong));
  }

  @Test
  void theNodeDeadlineBoundsCreateRetriesWhenItComesFirst() {
    EngineDriver e = new EngineDriver(execution("x").nodes(node("a").deadline(5)).spec());
    e.refuse.put("wfx-a-1", CreateRefusal.of(503, "ServiceUnavailable", "etcd is unavailable"));

    e.step();
    while (!e.status.phase().isTerminal()) {
      e.now = e.last.wakeAt().orElseThrow();
      e.step();
    }

    assertThat(e.node("a").reason()).isEqualTo(Reason.DeadlineExceeded);
    assertThat(e.node("a").message())
        .contains("activeDeadlineSeconds of 5s", "etcd is unavailable");
    assertThat(e.now).isEqualTo(e.createdAt.plusSeconds(5));
  }

  @Test
  void theExecutionDeadlineRunsFromItsStartWhileCreatesAreRefused() {
    EngineDriver e = new EngineDriver(execution("x").deadline(10).nodes(node("a")).spec());
    e.refuse.put("wfx-a-1", QUOTA);

    e.step();
    e.advance(Duration.ofSeconds(10));
    e.step();

    assertThat(e.status.phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(e.status.reason()).isEqualTo(Reason.DeadlineExceeded);
    assertThat(e.node("a").phase()).isEqualTo(NodePhase.Skipped);
  }

  @ParameterizedTest(name = "HTTP {0} {1} -> {3}")
  @CsvSource({
    "422, Invalid, 'Job.batch \"x\" is invalid', CreateRejected",
    "400, BadRequest, 'bad request', CreateRejected",
    "404, NotFound, 'namespaces \"gone\" not found', CreateRejected",
    "413, RequestEntityTooLarge, 'too large', CreateRejected",
    "403, Forbidden, 'jobs.batch \"x\" is forbidden: exceeded quota: q', QuotaExceeded",
    "403, Forbidden, 'User \"system:serviceaccount:t:op\" cannot create resource \"jobs\"', CreateForbidden",
    "401, Unauthorized, 'Unauthorized', CreateForbidden",
    "429, TooManyRequests, 'slow down', ApiUnavailable",
    "500, InternalError, 'boom', ApiUnavailable",
    "503, ServiceUnavailable, 'unavailable', ApiUnavailable",
    "0, , 'connect timed out', ApiUnavailable",
  })
  void refusalsAreTypedByTheirCodeAndMessage(int code, String reason, String message, Reason want) {
    CreateRefusal refusal = CreateRefusal.of(code, reason, message);

    assertThat(refusal.reason()).isEqualTo(want);
    assertThat(refusal.permanent()).isEqualTo(want == Reason.CreateRejected);
    assertThat(refusal.describe()).contains(message);
  }
}
