package dev.terminus.operator.it;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.harness.Behaviour;
import dev.terminus.operator.harness.Script;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Creates the API server refuses with anything but 409, injected into the mock server (its
 * expectations answer before its CRUD store), as a real API server answers them: 422 for a Job
 * whose label value is too long or a child execution its schema refuses, 403 "exceeded quota" for a
 * full ResourceQuota on count/jobs.batch. None may be retried forever before a status is written: a
 * rejection ends the execution with a typed reason and the API server's message; a quota keeps the
 * node Pending with the reason in status and an Event, and the execution goes on by itself once the
 * quota frees up. Each test uses its own namespace.
 */
class CreateRefusalsTest {
  private static OperatorHarness h;

  @BeforeAll
  static void start() {
    h = new OperatorHarness(OperatorHarness.fastConfig());
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static KubernetesMockServer server() {
    return h.cluster.server();
  }

  private static String status(int code, String reason, String message) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\""
        + reason
        + "\",\"message\":\""
        + message.replace("\"", "\\\"")
        + "\",\"code\":"
        + code
        + "}";
  }

  private static String jobs(String ns) {
    return "/apis/batch/v1/namespaces/" + ns + "/jobs";
  }

  private static NodeStatus nodeStatus(WorkflowExecution w, String name) {
    return w.getStatus().nodes().stream()
        .filter(n -> n.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> eventReasons(String ns, String name) {
    return h.client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }

  @Test
  void aJobCreateRejected422EndsTheExecutionFailedWithCreateRejectedAndTheApiServersMessage() {
    String ns = "refused-invalid";
    String message =
        "Job.batch \"rejected-a-1\" is invalid: metadata.labels: Invalid value: \"x\": must be no"
            + " more than 63 characters";
    server()
        .expect()
        .post()
        .withPath(jobs(ns))
        .andReturn(422, status(422, "Invalid", message))
        .always();
    h.client
        .resource(
            execution("rejected").namespace(ns).nodes(node("a"), node("b").dependsOn("a")).build())
        .create();

    WorkflowExecution done = h.awaitPhase(ns, "rejected", ExecutionPhase.Failed);

    assertThat(done.getStatus().reason()).isEqualTo(Reason.NodeFailed);
    assertThat(done.getStatus().startedAt()).isNotNull();
    assertThat(nodeStatus(done, "a").reason()).isEqualTo(Reason.CreateRejected);
    assertThat(nodeStatus(done, "a").message())
        .contains("HTTP 422", "must be no more than 63 characters");
    assertThat(nodeStatus(done, "b").phase()).isEqualTo(NodePhase.Skipped);
    assertThat(h.client.batch().v1().jobs().inNamespace(ns).list().getItems()).isEmpty();
    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> eventReasons(ns, "rejected").contains("CreateRejected"));
  }

  @Test
  void aChildExecutionTheApiServerRejectsFailsItsNodeCreateRejected() {
    String ns = "refused-child";
    // The parent is created before the refusals start: only the child's create is refused.
    h.jobs.setScript(
        Script.succeedAll().on("first", Behaviour.succeedAfter(Duration.ofSeconds(1))));
    try {
      h.client
          .resource(
              execution("parent")
                  .namespace(ns)
                  .nodes(node("first"), node("sub").dependsOn("first").inlineChild(node("x")))
                  .build())
          .create();
      server()
          .expect()
          .post()
          .withPath("/apis/terminus.dev/v1alpha1/namespaces/" + ns + "/workflowexecutions")
          .andReturn(
              422,
              status(
                  422,
                  "Invalid",
                  "WorkflowExecution.terminus.dev \"parent-sub-1\" is invalid: spec.workflow:"
                      + " Invalid value"))
          .always();

      WorkflowExecution done = h.awaitPhase(ns, "parent", ExecutionPhase.Failed);

      assertThat(nodeStatus(done, "first").phase()).isEqualTo(NodePhase.Succeeded);
      assertThat(nodeStatus(done, "sub").reason()).isEqualTo(Reason.CreateRejected);
      assertThat(nodeStatus(done, "sub").message())
          .contains("child execution parent-sub-1 rejected", "spec.workflow: Invalid value");
    } finally {
      h.jobs.setScript(Script.succeedAll());
    }
  }

  @Test
  void aFullQuotaKeepsTheNodePendingQuotaExceededAndTheExecutionSucceedsOnceTheQuotaFreesUp() {
    String ns = "refused-quota";
    server()
        .expect()
        .post()
        .withPath(jobs(ns))
        .andReturn(
            403,
            status(
                403,
                "Forbidden",
                "jobs.batch \"quota-a-1\" is forbidden: exceeded quota: jobs, requested:"
                    + " count/jobs.batch=1, used: count/jobs.batch=1, limited: count/jobs.batch=1"))
        .times(3);
    h.client.resource(execution("quota").namespace(ns).nodes(node("a")).build()).create();

    await()
        .atMost(OperatorHarness.WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              WorkflowExecution w = h.get(ns, "quota");
              return w != null
                  && w.getStatus() != null
                  && w.getStatus().nodes() != null
                  && nodeStatus(w, "a").reason() == Reason.QuotaExceeded;
            });
    WorkflowExecution waiting = h.get(ns, "quota");
    assertThat(waiting.getStatus().phase()).isEqualTo(ExecutionPhase.Running);
    assertThat(waiting.getStatus().startedAt()).isNotNull();
    assertThat(nodeStatus(waiting, "a").phase()).isEqualTo(NodePhase.Pending);
    assertThat(nodeStatus(waiting, "a").message()).contains("exceeded quota");
    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> eventReasons(ns, "quota").contains("QuotaExceeded"));

    // The quota frees up (the injected refusals are used up): no one touches the execution.
    WorkflowExecution done = h.awaitPhase(ns, "quota", ExecutionPhase.Succeeded);

    assertThat(nodeStatus(done, "a").attempts()).isEqualTo(1);
    assertThat(h.client.batch().v1().jobs().inNamespace(ns).list().getItems()).hasSize(1);
  }

  @Test
  void aQuotaThatNeverFreesFailsTheNodePendingTooLongAtItsPendingTimeout() {
    String ns = "refused-quota-forever";
    server()
        .expect()
        .post()
        .withPath(jobs(ns))
        .andReturn(
            403, status(403, "Forbidden", "jobs.batch \"q\" is forbidden: exceeded quota: jobs"))
        .always();
    h.client
        .resource(execution("forever").namespace(ns).nodes(node("a").pendingTimeout(3)).build())
        .create();

    WorkflowExecution done = h.awaitPhase(ns, "forever", ExecutionPhase.Failed);

    assertThat(nodeStatus(done, "a").reason()).isEqualTo(Reason.PendingTooLong);
    assertThat(nodeStatus(done, "a").message())
        .contains("pendingTimeoutSeconds of 3s", "exceeded quota");
  }

  @Test
  void anExecutionNameLongerThan63CharactersFailsInvalidSpecBeforeAnyCreate() {
    String ns = "refused-long-name";
    String name = "a".repeat(64);
    h.client.resource(execution(name).namespace(ns).nodes(node("a")).build()).create();

    WorkflowExecution done = h.awaitPhase(ns, name, ExecutionPhase.Failed);

    assertThat(done.getStatus().reason()).isEqualTo(Reason.InvalidSpec);
    assertThat(done.getStatus().message()).contains("metadata.name", "63");
    assertThat(h.client.batch().v1().jobs().inNamespace(ns).list().getItems()).isEmpty();
  }
}
