package dev.terminus.operator.harness;

import static dev.terminus.operator.harness.Behaviour.createContainerConfigError;
import static dev.terminus.operator.harness.Behaviour.evicted;
import static dev.terminus.operator.harness.Behaviour.exit;
import static dev.terminus.operator.harness.Behaviour.imagePullBackOff;
import static dev.terminus.operator.harness.Behaviour.none;
import static dev.terminus.operator.harness.Behaviour.oomKilled;
import static dev.terminus.operator.harness.Behaviour.runForever;
import static dev.terminus.operator.harness.Behaviour.succeed;
import static dev.terminus.operator.harness.Behaviour.succeedAfter;
import static dev.terminus.operator.harness.Behaviour.unschedulable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.Api;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fake cluster writes Job and Pod status the way a real one does. */
class FakeClusterTest {

  private static final String EXECUTION = "wfx-harness";
  private static final AtomicInteger NAMES = new AtomicInteger();

  private static TestCluster cluster;
  private static KubernetesClient client;
  private FakeJobController controller;

  @BeforeAll
  static void startCluster() {
    cluster = TestCluster.start();
    client = cluster.client();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @AfterEach
  void cleanUp() {
    if (controller != null) {
      controller.close();
    }
    // No leftovers for the next test's controller to pick up.
    client.batch().v1().jobs().inAnyNamespace().delete();
    client.pods().inAnyNamespace().delete();
  }

  @Test
  void installsTheTerminusCrds() {
    assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems())
        .extracting(crd -> crd.getMetadata().getName())
        .contains("workflows." + Api.GROUP, "workflowexecutions." + Api.GROUP);
  }

  @Test
  void aSucceedingPodCompletesTheJob() {
    start(Script.always(succeed().withTerminationMessage("{\"status\":\"succeeded\"}")));
    String job = createJob("fetch", 1, 600);

    Job done = awaitCondition(job, "Complete");

    assertThat(conditionTypes(done)).containsExactly("SuccessCriteriaMet", "Complete");
    assertThat(condition(done, "Complete").getReason()).isEqualTo("CompletionsReached");
    assertThat(done.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(done.getStatus().getActive()).as("omitted when zero").isNull();
    assertThat(done.getStatus().getStartTime()).isNotNull();
    assertThat(done.getStatus().getCompletionTime()).isNotNull();
    Pod pod = controller.podFor(job);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
    ContainerStatus main = mainStatus(pod);
    assertThat(main.getState().getTerminated().getExitCode()).isZero();
    assertThat(main.getState().getTerminated().getReason()).isEqualTo("Completed");
    assertThat(main.getState().getTerminated().getMessage())
        .isEqualTo("{\"status\":\"succeeded\"}");
    assertThat(main.getState().getTerminated().getStartedAt()).isNotNull();
  }

  @Test
  void aPodGoesThroughPendingAndRunning() {
    start(Script.always(succeedAfter(Duration.ofSeconds(30))));
    String job = createJob("slow", 1, 600);

    Pod running = awaitPod(job, p -> "Running".equals(p.getStatus().getPhase()));

    ContainerStatus main = mainStatus(running);
    assertThat(main.getName()).isEqualTo("main");
    assertThat(main.getImage()).isEqualTo("busybox:1.36");
    assertThat(main.getReady()).isTrue();
    assertThat(main.getRestartCount()).isZero();
    assertThat(main.getState().getRunning().getStartedAt()).isNotNull();
    assertThat(running.getStatus().getStartTime()).isNotNull();
    assertThat(podConditions(running))
        .containsEntry("PodScheduled", "True")
        .containsEntry("Ready", "True");
    awaitUntil(() -> readyPods(job(job)) == 1);
    assertThat(job(job).getStatus().getActive()).isEqualTo(1);
  }

  @Test
  void aScheduledPodWaitsInContainerCreatingFirst() {
    start(Script.always(imagePullBackOff("busybox:1.36").after(Duration.ofSeconds(30))));
    String job = createJob("fetch", 1, 600);

    Pod pod = awaitPod(job, p -> "ContainerCreating".equals(waitingReason(p)));

    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pod.getStatus().getStartTime()).isNotNull();
    assertThat(podConditions(pod))
        .containsEntry("PodScheduled", "True")
        .containsEntry("Ready", "False");
    ContainerStatus main = mainStatus(pod);
    assertThat(main.getReady()).isFalse();
    assertThat(main.getImageID()).as("not pulled yet").isEmpty();
  }

  @Test
  void aJobChangedByAnotherWriterStillCompletes() {
    start(Script.always(succeedAfter(Duration.ofMillis(500))));
    String job = createJob("fetch", 1, 600);
    // Once the Job counts a ready Pod, the controller leaves it alone until the container exits.
    awaitUntil(() -> readyPods(job(job)) == 1);

    // The controller's copy of the Job is now stale: its next status write conflicts.
    client
        .batch()
        .v1()
        .jobs()
        .withName(job)
        .edit(
            j ->
                new JobBuilder(j)
                    .editMetadata()
                    .addToAnnotations("touched", "yes")
                    .endMetadata()
                    .build());

    Job done = awaitCondition(job, "Complete");
    assertThat(done.getMetadata().getAnnotations()).containsEntry("touched", "yes");
  }

  @Test
  void theJobsPodIsNamedLabelledAndOwnedLikeARealOne() {
    start(Script.always(runForever()));
    String job = createJob("fetch", 1, 600);

    Pod pod = awaitPod(job, p -> true);

    Job owner = job(job);
    assertThat(pod.getMetadata().getName()).matches(job + "-[a-z]{5}");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry(Api.LABEL_EXECUTION, EXECUTION)
        .containsEntry(Api.LABEL_NODE, "fetch")
        .containsEntry("job-name", job)
        .containsEntry("batch.kubernetes.io/job-name", job)
        .containsEntry("controller-uid", owner.getMetadata().getUid());
    assertThat(pod.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.getKind()).isEqualTo("Job");
              assertThat(ref.getUid()).isEqualTo(owner.getMetadata().getUid());
              assertThat(ref.getController()).isTrue();
            });
    assertThat(pod.getSpec().getContainers().get(0).getName()).isEqualTo("main");
  }

  @Test
  void aNonZeroExitFailsTheJobWithBackoffLimitExceeded() {
    start(Script.always(exit(3, "{\"error\":{\"type\":\"Boom\"}}")));
    String job = createJob("fetch", 1, 600);

    Job failed = awaitCondition(job, "Failed");

    assertFailedWith(failed, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    Pod pod = controller.podFor(job);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
    ContainerState state = mainStatus(pod).getState();
    assertThat(state.getTerminated().getExitCode()).isEqualTo(3);
    assertThat(state.getTerminated().getReason()).isEqualTo("Error");
    assertThat(state.getTerminated().getMessage()).isEqualTo("{\"error\":{\"type\":\"Boom\"}}");
  }

  @Test
  void anOomKilledContainerFailsTheJob() {
    start(Script.always(oomKilled()));
    String job = createJob("fetch", 1, 600);

    Job failed = awaitCondition(job, "Failed");

    assertFailedWith(failed, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    ContainerState state = mainStatus(controller.podFor(job)).getState();
    assertThat(state.getTerminated().getExitCode()).isEqualTo(137);
    assertThat(state.getTerminated().getReason()).isEqualTo("OOMKilled");
  }

  @Test
  void activeDeadlineSecondsIsEnforced() {
    start(Script.always(runForever()));
    AtomicReference<Pod> deletedPod = new AtomicReference<>();
    try (SharedIndexInformer<Pod> pods = client.pods().inform(onDelete(deletedPod::set))) {
      String job = createJob("slow", 1, 1);
      awaitPod(job, p -> "Running".equals(p.getStatus().getPhase()));

      Job failed = awaitCondition(job, "Failed", Duration.ofSeconds(3));

      assertFailedWith(failed, "DeadlineExceeded", "Job was active longer than specified deadline");
      awaitUntil(() -> deletedPod.get() != null);
      assertThat(controller.podFor(job)).as("the Pod is deleted").isNull();
      Pod last = deletedPod.get();
      assertThat(last.getStatus().getPhase()).as("killed before deletion").isEqualTo("Failed");
      assertThat(mainStatus(last).getState().getTerminated().getExitCode()).isEqualTo(137);
      assertThat(mainStatus(last).getState().getTerminated().getReason()).isEqualTo("Error");
    }
  }

  @Test
  void aDeadlineAlsoEndsAPendingPod() {
    start(Script.always(imagePullBackOff("ghcr.io/acme/nope:1")));
    String job = createJob("fetch", 1, 1);

    Job failed = awaitCondition(job, "Failed", Duration.ofSeconds(3));

    assertThat(condition(failed, "Failed").getReason()).isEqualTo("DeadlineExceeded");
    assertThat(controller.podFor(job)).isNull();
  }

  @Test
  void anImageThatCannotBePulledBacksOff() {
    start(Script.always(imagePullBackOff("ghcr.io/acme/nope:1")));
    String job = createJob("fetch", 1, 600);

    Pod pod = awaitPod(job, p -> "ImagePullBackOff".equals(waitingReason(p)));

    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(mainStatus(pod).getState().getWaiting().getMessage())
        .isEqualTo("Back-off pulling image \"ghcr.io/acme/nope:1\"");
    assertThat(job(job).getStatus().getActive()).isEqualTo(1);
    assertThat(job(job).getStatus().getConditions()).isEmpty();
  }

  @Test
  void aMissingSecretIsACreateContainerConfigError() {
    start(Script.always(createContainerConfigError("secret \"llm-cred\" not found")));
    String job = createJob("llm", 1, 600);

    Pod pod = awaitPod(job, p -> "CreateContainerConfigError".equals(waitingReason(p)));

    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(mainStatus(pod).getState().getWaiting().getMessage())
        .isEqualTo("secret \"llm-cred\" not found");
  }

  @Test
  void anUnschedulablePodStaysPending() {
    start(Script.always(unschedulable()));
    String job = createJob("big", 1, 600);

    Pod pod = awaitPod(job, p -> podConditions(p).containsKey("PodScheduled"));

    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    PodCondition scheduled = podCondition(pod, "PodScheduled");
    assertThat(scheduled.getStatus()).isEqualTo("False");
    assertThat(scheduled.getReason()).isEqualTo("Unschedulable");
    assertThat(scheduled.getMessage()).isEqualTo("0/3 nodes are available: 3 Insufficient cpu.");
    assertThat(pod.getStatus().getContainerStatuses()).as("no kubelet has it").isEmpty();
  }

  @Test
  void anEvictedPodFailsTheJob() {
    start(Script.always(evicted()));
    String job = createJob("fetch", 1, 600);

    Job failed = awaitCondition(job, "Failed");

    assertThat(condition(failed, "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
    Pod pod = controller.podFor(job);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(pod.getStatus().getReason()).isEqualTo("Evicted");
    assertThat(pod.getStatus().getMessage()).isEqualTo("The node was low on resource: memory.");
    PodCondition disruption = podCondition(pod, "DisruptionTarget");
    assertThat(disruption.getStatus()).isEqualTo("True");
    assertThat(disruption.getReason()).isEqualTo("TerminationByKubelet");
  }

  @Test
  void theScriptChoosesPerNodeAttempt() {
    start(Script.succeedAll().on("fetch", 1, exit(1, "flaky")).on("never", none()));
    String first = createJob("fetch", 1, 600);
    String second = createJob("fetch", 2, 600);
    String other = createJob("never", 1, 600);

    awaitCondition(first, "Failed");
    awaitCondition(second, "Complete");
    assertThat(controller.podFor(other)).isNull();
    assertThat(job(other).getStatus()).isNull();
  }

  @Test
  void noneLeavesTheJobToTheTestUntilAManualControl() {
    start(Script.always(none()));
    String job = createJob("manual", 1, 600);

    sleep(Duration.ofMillis(300));
    assertThat(controller.podFor(job)).isNull();
    assertThat(job(job).getStatus()).isNull();

    controller.completeJob(job);
    assertThat(conditionTypes(job(job))).containsExactly("SuccessCriteriaMet", "Complete");
  }

  @Test
  void manualControlsFinishAJob() {
    start(Script.always(runForever()));
    String completed = createJob("a", 1, 600);
    String failed = createJob("b", 1, 600);
    awaitPod(completed, p -> "Running".equals(p.getStatus().getPhase()));
    awaitPod(failed, p -> "Running".equals(p.getStatus().getPhase()));

    controller.completeJob(completed);
    controller.failJob(failed, 42, "gave up");

    assertThat(conditionTypes(job(completed))).contains("Complete");
    assertThat(mainStatus(controller.podFor(completed)).getState().getTerminated().getExitCode())
        .isZero();
    assertFailedWith(
        job(failed), "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    ContainerState state = mainStatus(controller.podFor(failed)).getState();
    assertThat(state.getTerminated().getExitCode()).isEqualTo(42);
    assertThat(state.getTerminated().getMessage()).isEqualTo("gave up");
    assertThatThrownBy(() -> controller.completeJob(failed))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aPodThatVanishesFailsItsJob() {
    start(Script.always(runForever()));
    String job = createJob("fetch", 1, 600);
    awaitPod(job, p -> "Running".equals(p.getStatus().getPhase()));

    controller.deletePod(job);

    Job failed = awaitCondition(job, "Failed");
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(controller.podFor(job)).isNull();
  }

  @Test
  void deletingAJobDeletesItsPod() {
    start(Script.always(runForever()));
    String job = createJob("fetch", 1, 600);
    awaitPod(job, p -> true);

    controller.deleteJob(job);

    awaitUntil(() -> controller.podFor(job) == null);
    assertThat(controller.jobs(EXECUTION)).isEmpty();
  }

  @Test
  void pauseFreezesTheClusterAndResumeCatchesUp() {
    start(Script.always(succeed()));
    controller.pause();
    String job = createJob("fetch", 1, 600);

    sleep(Duration.ofMillis(300));
    assertThat(controller.podFor(job)).as("paused: no Pod").isNull();
    assertThat(job(job).getStatus()).isNull();

    controller.resume();
    awaitCondition(job, "Complete");
  }

  @Test
  void pauseKeepsAJobActiveWithoutItsPod() {
    start(Script.always(runForever()));
    String job = createJob("fetch", 1, 600);
    awaitPod(job, p -> "Running".equals(p.getStatus().getPhase()));

    controller.pause();
    controller.deletePod(job);
    sleep(Duration.ofMillis(200));

    assertThat(controller.podFor(job)).isNull();
    assertThat(job(job).getStatus().getActive()).as("the Job controller is down").isEqualTo(1);
    controller.resume();
    awaitCondition(job, "Failed");
  }

  @Test
  void countsJobsAndListsThemByExecution() {
    start(Script.always(succeed()));
    String a = createJob("a", 1, 600);
    String b = createJob("b", 1, 600);

    awaitUntil(() -> controller.createdJobCount() == 2);
    assertThat(controller.jobs(EXECUTION))
        .extracting(j -> j.getMetadata().getName())
        .containsExactlyInAnyOrder(a, b);
    assertThat(controller.jobs("another-execution")).isEmpty();
  }

  @Test
  void theApiServerIgnoresStatusOutsideTheStatusSubresource() {
    Job created =
        client
            .batch()
            .v1()
            .jobs()
            .resource(
                new JobBuilder(newJob("x", 1, 600))
                    .withStatus(new JobStatusBuilder().withActive(7).build())
                    .build())
            .create();
    assertThat(created.getStatus()).as("status dropped on create").isNull();
  }

  @Test
  void aStaleResourceVersionConflictsOnAStatusPatch() {
    Job created = client.batch().v1().jobs().resource(newJob("x", 1, 600)).create();
    client
        .batch()
        .v1()
        .jobs()
        .resource(created)
        .edit(
            j -> {
              j.getMetadata().setLabels(Map.of("touched", "yes"));
              return j;
            });
    String stalePatch =
        "[{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\""
            + created.getMetadata().getResourceVersion()
            + "\"},{\"op\":\"add\",\"path\":\"/status\",\"value\":{\"active\":1}}]";

    assertThatThrownBy(
            () ->
                client
                    .batch()
                    .v1()
                    .jobs()
                    .withName(created.getMetadata().getName())
                    .subresource("status")
                    .patch(PatchContext.of(PatchType.JSON), stalePatch))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  // --- helpers ---

  private void start(Script script) {
    controller = new FakeJobController(cluster.newClient(), script).start();
  }

  private String createJob(String node, int attempt, long activeDeadlineSeconds) {
    return client
        .batch()
        .v1()
        .jobs()
        .resource(newJob(node, attempt, activeDeadlineSeconds))
        .create()
        .getMetadata()
        .getName();
  }

  private static Job newJob(String node, int attempt, long activeDeadlineSeconds) {
    Map<String, String> labels =
        Map.of(
            Api.LABEL_EXECUTION, EXECUTION,
            Api.LABEL_NODE, node,
            Api.LABEL_ATTEMPT, String.valueOf(attempt));
    return new JobBuilder()
        .withNewMetadata()
        .withName(EXECUTION + "-" + node + "-" + attempt + "-" + NAMES.incrementAndGet())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds(activeDeadlineSeconds)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("main")
        .withImage("busybox:1.36")
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Job job(String name) {
    return client.batch().v1().jobs().withName(name).get();
  }

  private Job awaitCondition(String job, String type) {
    return awaitCondition(job, type, Duration.ofSeconds(5));
  }

  private Job awaitCondition(String job, String type, Duration atMost) {
    awaiting().atMost(atMost).until(() -> conditionTypes(job(job)).contains(type));
    return job(job);
  }

  private Pod awaitPod(String job, Predicate<Pod> matches) {
    awaitUntil(
        () -> {
          Pod pod = controller.podFor(job);
          return pod != null && pod.getStatus() != null && matches.test(pod);
        });
    return controller.podFor(job);
  }

  private static ResourceEventHandler<Pod> onDelete(Consumer<Pod> action) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {}

      @Override
      public void onUpdate(Pod before, Pod after) {}

      @Override
      public void onDelete(Pod pod, boolean finalStateUnknown) {
        action.accept(pod);
      }
    };
  }

  private static void awaitUntil(Callable<Boolean> condition) {
    awaiting().until(condition);
  }

  private static ConditionFactory awaiting() {
    return await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20));
  }

  private static void assertFailedWith(Job job, String reason, String message) {
    assertThat(conditionTypes(job)).containsExactly("FailureTarget", "Failed");
    for (String type : List.of("FailureTarget", "Failed")) {
      assertThat(condition(job, type).getStatus()).isEqualTo("True");
      assertThat(condition(job, type).getReason()).isEqualTo(reason);
      assertThat(condition(job, type).getMessage()).isEqualTo(message);
    }
    assertThat(job.getStatus().getFailed()).isEqualTo(1);
    assertThat(Optional.ofNullable(job.getStatus().getActive()).orElse(0)).isZero();
  }

  private static int readyPods(Job job) {
    if (job.getStatus() == null || job.getStatus().getReady() == null) {
      return 0;
    }
    return job.getStatus().getReady();
  }

  private static List<String> conditionTypes(Job job) {
    if (job == null || job.getStatus() == null) {
      return List.of();
    }
    return job.getStatus().getConditions().stream().map(JobCondition::getType).toList();
  }

  private static JobCondition condition(Job job, String type) {
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private static ContainerStatus mainStatus(Pod pod) {
    return pod.getStatus().getContainerStatuses().stream()
        .filter(c -> "main".equals(c.getName()))
        .findFirst()
        .orElseThrow();
  }

  private static String waitingReason(Pod pod) {
    List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
    if (statuses == null || statuses.isEmpty() || statuses.get(0).getState().getWaiting() == null) {
      return null;
    }
    return statuses.get(0).getState().getWaiting().getReason();
  }

  private static Map<String, String> podConditions(Pod pod) {
    return pod.getStatus().getConditions().stream()
        .collect(Collectors.toMap(PodCondition::getType, PodCondition::getStatus));
  }

  private static PodCondition podCondition(Pod pod, String type) {
    return pod.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
