package dev.terminus.operator.it;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.harness.Behaviour;
import dev.terminus.operator.harness.Script;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API errors injected into the mock server (its expectations answer before its CRUD store): 5xx,
 * 409 conflicts and timeouts while writing status, creating or deleting Jobs, and writing Events.
 * None may lose a transition or leave an execution stuck. Each test uses its own namespace, so an
 * injected fault hits only its own execution.
 */
class ApiFaultsTest {
  private static final String STATUS_FAILURE =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":500}";
  private static final String CONFLICT =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Conflict\",\"code\":409}";
  private static OperatorHarness h;

  @BeforeAll
  static void start() {
    h =
        new OperatorHarness(
            OperatorHarness.fastConfig(),
            cluster ->
                new KubernetesClientBuilder()
                    .withConfig(
                        new ConfigBuilder(cluster.config())
                            .withRequestTimeout(1500)
                            .withRequestRetryBackoffLimit(0)
                            .build())
                    .build());
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static KubernetesMockServer server() {
    return h.cluster.server();
  }

  private static String statusPath(String ns, String name) {
    return "/apis/terminus.dev/v1alpha1/namespaces/"
        + ns
        + "/workflowexecutions/"
        + name
        + "/status";
  }

  /** C4: status writes that fail (5xx, 409, timeout) are retried; nothing is lost or stuck. */
  @Test
  void C4_failingStatusWritesAreRetriedAndNoTransitionIsLost() {
    String ns = "faults-c4";
    server()
        .expect()
        .patch()
        .withPath(statusPath(ns, "c4"))
        .andReturn(500, STATUS_FAILURE)
        .times(3);
    server().expect().patch().withPath(statusPath(ns, "c4")).andReturn(409, CONFLICT).times(2);
    server()
        .expect()
        .patch()
        .delay(3, TimeUnit.SECONDS)
        .withPath(statusPath(ns, "c4"))
        .andReturn(500, STATUS_FAILURE)
        .once();
    h.client
        .resource(execution("c4").namespace(ns).nodes(node("a"), node("b").dependsOn("a")).build())
        .create();

    WorkflowExecution done = h.awaitPhase(ns, "c4", ExecutionPhase.Succeeded);

    assertThat(done.getStatus().nodes()).extracting(NodeStatus::attempts).containsOnly(1);
    assertThat(h.client.batch().v1().jobs().inNamespace(ns).list().getItems()).hasSize(2);
  }

  /** M3: a Job create that fails leaves no phantom running node; the create is retried. */
  @Test
  void M3_failedJobCreateLeavesNoPhantomRunningNode() {
    String ns = "faults-m3";
    server()
        .expect()
        .post()
        .withPath("/apis/batch/v1/namespaces/" + ns + "/jobs")
        .andReturn(500, STATUS_FAILURE)
        .times(4);
    h.client.resource(execution("m3").namespace(ns).nodes(node("a")).build()).create();

    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> {
              WorkflowExecution w =
                  h.client.resources(WorkflowExecution.class).inNamespace(ns).withName("m3").get();
              NodeStatus a = w.getStatus() == null ? null : w.getStatus().nodes().get(0);
              // Whatever the status says at any time, a recorded Job exists.
              if (a != null && a.job() != null) {
                assertThat(h.client.batch().v1().jobs().inNamespace(ns).withName(a.job()).get())
                    .as("Job recorded in status exists")
                    .isNotNull();
              }
              return w.getStatus() != null && w.getStatus().phase() == ExecutionPhase.Succeeded;
            });
    assertThat(h.client.batch().v1().jobs().inNamespace(ns).list().getItems()).hasSize(1);
  }

  /** H5: a publisher (Events) that fails does not fail or delay the execution. */
  @Test
  void H5_failingEventPublisherDoesNotFailTheReconcile() {
    String ns = "faults-h5";
    server()
        .expect()
        .post()
        .withPath("/api/v1/namespaces/" + ns + "/events")
        .andReturn(500, STATUS_FAILURE)
        .always();
    h.client
        .resource(execution("h5").namespace(ns).nodes(node("a"), node("b").dependsOn("a")).build())
        .create();

    WorkflowExecution done = h.awaitPhase(ns, "h5", ExecutionPhase.Succeeded);

    assertThat(done.getStatus().progress()).isEqualTo("2/2");
  }

  /** Deletion never hangs: when Jobs cannot be deleted, the execution is released after a bound. */
  @Test
  void deletionIsReleasedAfterItsBoundWhenJobsCannotBeDeleted() {
    String ns = "faults-delete";
    h.jobs.setScript(Script.succeedAll().on("long", Behaviour.runForever()));
    h.client.resource(execution("del").namespace(ns).nodes(node("long")).build()).create();
    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> !h.client.batch().v1().jobs().inNamespace(ns).list().getItems().isEmpty());
    server()
        .expect()
        .delete()
        .withPath(
            "/apis/batch/v1/namespaces/"
                + ns
                + "/jobs?labelSelector=terminus.dev%2Fexecution%3Ddel")
        .andReturn(500, STATUS_FAILURE)
        .always();

    long start = System.nanoTime();
    h.client.resources(WorkflowExecution.class).inNamespace(ns).withName("del").delete();

    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                h.client.resources(WorkflowExecution.class).inNamespace(ns).withName("del").get()
                    == null);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    // Released after the deletion timeout (3 s in fastConfig), not before; deletionTimestamp
    // has whole seconds, so it can be up to a second older than the delete call.
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    h.jobs.setScript(Script.succeedAll());
  }
}
