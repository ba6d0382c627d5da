package dev.terminus.operator.it;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.Api;
import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.harness.Behaviour;
import dev.terminus.operator.harness.Script;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each named watchdog rule: what it detects, the typed reason it leaves in the status, the Event it
 * writes (reason = rule name) and the metric label it counts under.
 */
class WatchdogRulesTest {
  private static OperatorHarness h;

  @BeforeAll
  static void start() {
    h = new OperatorHarness(OperatorHarness.fastConfig());
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static NodeStatus nodeOf(WorkflowExecution wfx, String name) {
    return wfx.getStatus().nodes().stream()
        .filter(n -> n.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static void awaitNodeRunning(String execution, String node) {
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                h.get(execution).getStatus() != null
                    && h.get(execution).getStatus().nodes() != null
                    && nodeOf(h.get(execution), node).phase() == NodePhase.Running);
  }

  private static void awaitEvent(String execution, String reason) {
    await().atMost(OperatorHarness.WAIT).until(() -> h.eventReasons(execution).contains(reason));
  }

  @Test
  void jobLost_jobDeletedWhileRunningFailsTheNodeLost() {
    h.jobs.setScript(Script.succeedAll().on("victim", Behaviour.runForever()));
    h.create(execution("rule-joblost").nodes(node("victim")).build());
    awaitNodeRunning("rule-joblost", "victim");
    double before = h.detections("JobLost");

    h.jobs.deleteJob("rule-joblost-victim-1");

    WorkflowExecution done = h.awaitPhase("rule-joblost", ExecutionPhase.Failed);
    assertThat(nodeOf(done, "victim").reason()).isEqualTo(Reason.Lost);
    assertThat(nodeOf(done, "victim").message()).contains("no longer exists");
    awaitEvent("rule-joblost", "JobLost");
    assertThat(h.detections("JobLost")).isGreaterThan(before);
  }

  @Test
  void podLost_podVanishedAndNoneReplacedItFailsTheNodeLostAndDeletesTheJob() {
    h.jobs.setScript(Script.succeedAll().on("victim", Behaviour.runForever()));
    h.create(execution("rule-podlost").nodes(node("victim")).build());
    awaitNodeRunning("rule-podlost", "victim");
    h.jobs.pause();
    try {
      h.jobs.deletePod("rule-podlost-victim-1");
      WorkflowExecution done = h.awaitPhase("rule-podlost", ExecutionPhase.Failed);
      assertThat(nodeOf(done, "victim").reason()).isEqualTo(Reason.Lost);
      assertThat(nodeOf(done, "victim").message()).contains("vanished");
      awaitEvent("rule-podlost", "PodLost");
      await()
          .atMost(OperatorHarness.WAIT)
          .until(
              () -> h.client.batch().v1().jobs().withName("rule-podlost-victim-1").get() == null);
    } finally {
      h.jobs.resume();
    }
    assertThat(h.detections("PodLost")).isPositive();
  }

  @Test
  void pendingTooLong_unschedulablePodFailsWithTheSchedulersReason() {
    h.jobs.setScript(Script.succeedAll().on("big", Behaviour.unschedulable()));
    h.create(execution("rule-pending").nodes(node("big").pendingTimeout(2)).build());

    WorkflowExecution done = h.awaitPhase("rule-pending", ExecutionPhase.Failed);

    NodeStatus big = nodeOf(done, "big");
    assertThat(big.reason()).isEqualTo(Reason.PendingTooLong);
    assertThat(big.message()).contains("Insufficient cpu");
    awaitEvent("rule-pending", "PendingTooLong");
  }

  @Test
  void imagePullFailureFailsFastNamingTheImage() {
    h.jobs.setScript(Script.succeedAll().on("img", Behaviour.imagePullBackOff("registry/nope:1")));
    h.create(execution("rule-image").nodes(node("img").image("registry/nope:1")).build());

    WorkflowExecution done = h.awaitPhase("rule-image", ExecutionPhase.Failed);

    assertThat(nodeOf(done, "img").reason()).isEqualTo(Reason.ImagePullFailed);
    assertThat(nodeOf(done, "img").message()).contains("registry/nope:1");
  }

  @Test
  void nodeDeadlineBackstop_jobTheControllerNeverEndedIsDeleted() {
    // none(): no Job controller acts on this Job, so only the watchdog can end it.
    h.jobs.setScript(Script.succeedAll().on("stuck", Behaviour.none()));
    h.create(execution("rule-backstop").nodes(node("stuck").deadline(1)).build());

    WorkflowExecution done = h.awaitPhase("rule-backstop", ExecutionPhase.Failed);

    assertThat(nodeOf(done, "stuck").reason()).isEqualTo(Reason.DeadlineExceeded);
    assertThat(nodeOf(done, "stuck").message()).contains("deleted by the watchdog");
    awaitEvent("rule-backstop", "NodeDeadline");
    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> h.client.batch().v1().jobs().withName("rule-backstop-stuck-1").get() == null);
  }

  @Test
  void heartbeatStale_nodeWithoutHeartbeatsFailsHeartbeatTimeout() {
    h.jobs.setScript(Script.succeedAll().on("silent", Behaviour.runForever()));
    h.create(execution("rule-heartbeat").nodes(node("silent").heartbeat(1)).build());

    WorkflowExecution done = h.awaitPhase("rule-heartbeat", ExecutionPhase.Failed);

    assertThat(nodeOf(done, "silent").reason()).isEqualTo(Reason.HeartbeatTimeout);
    awaitEvent("rule-heartbeat", "HeartbeatStale");
  }

  @Test
  void executionDeadline_isReportedAsARule() {
    h.jobs.setScript(Script.succeedAll().on("slow", Behaviour.runForever()));
    h.create(execution("rule-execdeadline").nodes(node("slow")).deadline(1).build());
    h.awaitPhase("rule-execdeadline", ExecutionPhase.Failed);
    awaitEvent("rule-execdeadline", "ExecutionDeadline");
    assertThat(h.detections("ExecutionDeadline")).isPositive();
  }

  @Test
  void orphanJob_activeJobOfNoCurrentAttemptIsDeleted() {
    h.jobs.setScript(
        Script.succeedAll().on("main", Behaviour.runForever()).on("ghost", Behaviour.none()));
    WorkflowExecution wfx = h.create(execution("rule-orphan").nodes(node("main")).build());
    awaitNodeRunning("rule-orphan", "main");

    h.client
        .batch()
        .v1()
        .jobs()
        .resource(strayJob("rule-orphan-ghost-9", "rule-orphan", wfx.getMetadata().getUid()))
        .create();

    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> h.client.batch().v1().jobs().withName("rule-orphan-ghost-9").get() == null);
    awaitEvent("rule-orphan", "OrphanJob");
    h.client
        .resources(WorkflowExecution.class)
        .withName("rule-orphan")
        .edit(OperatorHarness::withCancel);
  }

  private static Job strayJob(String name, String execution, String ownerUid) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .addToLabels(Api.LABEL_EXECUTION, execution)
        .addToLabels(Api.LABEL_NODE, "ghost")
        .addToLabels(Api.LABEL_ATTEMPT, "9")
        .addNewOwnerReference()
        .withApiVersion("terminus.dev/v1alpha1")
        .withKind("WorkflowExecution")
        .withName(execution)
        .withUid(ownerUid)
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels(Api.LABEL_EXECUTION, execution)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("main")
        .withImage("busybox")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
