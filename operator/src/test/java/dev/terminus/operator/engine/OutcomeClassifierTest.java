package dev.terminus.operator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.terminus.crd.v1alpha1.FailureReason;
import dev.terminus.operator.engine.AttemptOutcome.Kind;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OutcomeClassifierTest {

  private static final String STARTED = "2025-03-01T10:00:00Z";
  private static final String FINISHED = "2025-03-01T10:05:00Z";
  private static final String IMAGE = "ghcr.io/terminus/worker:1.0";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @Nested
  class JobOnly {

    @Test
    void aVanishedJobLosesTheAttempt() {
      AttemptOutcome outcome = OutcomeClassifier.classify(null, null);

      assertThat(outcome.kind()).isEqualTo(Kind.FAILED);
      assertThat(outcome.failure()).isEqualTo(FailureReason.Lost);
      assertThat(outcome.message()).contains("no longer exists");
    }

    @Test
    void anActiveJobWithoutPodIsPendingWithoutFailure() {
      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), null);

      assertThat(outcome.kind()).isEqualTo(Kind.PENDING);
      assertThat(outcome.failure()).isNull();
      assertThat(outcome.podName()).isNull();
    }

    @Test
    void aCompleteJobSucceedsWithExitCodeZeroAndItsCompletionTime() {
      Job job =
          new JobBuilder(jobWithCondition("Complete", null, null))
              .editStatus()
              .withCompletionTime(FINISHED)
              .endStatus()
              .build();

      AttemptOutcome outcome = OutcomeClassifier.classify(job, null);

      assertThat(outcome.kind()).isEqualTo(Kind.SUCCEEDED);
      assertThat(outcome.exitCode()).isZero();
      assertThat(outcome.failure()).isNull();
      assertThat(outcome.finishedAt()).isEqualTo(Instant.parse(FINISHED));
    }

    @Test
    void successCriteriaMetCountsAsSuccess() {
      AttemptOutcome outcome =
          OutcomeClassifier.classify(
              jobWithCondition("SuccessCriteriaMet", "CompletionsReached", null), null);

      assertThat(outcome.kind()).isEqualTo(Kind.SUCCEEDED);
    }

    @Test
    void aDeadlineExceededJobFailsDeadlineExceededWithTheConditionMessage() {
      Job job =
          jobWithCondition(
              "Failed", "DeadlineExceeded", "Job was active longer than specified deadline");

      AttemptOutcome outcome = OutcomeClassifier.classify(job, null);

      assertThat(outcome.kind()).isEqualTo(Kind.FAILED);
      assertThat(outcome.failure()).isEqualTo(FailureReason.DeadlineExceeded);
      assertThat(outcome.message()).isEqualTo("Job was active longer than specified deadline");
      assertThat(outcome.finishedAt()).isEqualTo(Instant.parse(FINISHED));
    }

    @Test
    void aFailureTargetDeadlineIsAlreadyADeadline() {
      AttemptOutcome outcome =
          OutcomeClassifier.classify(
              jobWithCondition("FailureTarget", "DeadlineExceeded", null), null);

      assertThat(outcome.failure()).isEqualTo(FailureReason.DeadlineExceeded);
      assertThat(outcome.message()).isEqualTo("Job was active longer than specified deadline");
    }

    @Test
    void aJobFailedForAnotherReasonWithoutPodFailsJobFailedNamingReasonAndMessage() {
      Job job =
          jobWithCondition(
              "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");

      AttemptOutcome outcome = OutcomeClassifier.classify(job, null);

      assertThat(outcome.failure()).isEqualTo(FailureReason.JobFailed);
      assertThat(outcome.message())
          .isEqualTo(
              "Job failed: BackoffLimitExceeded: Job has reached the specified backoff limit");
      assertThat(outcome.exitCode()).isNull();
    }
  }

  @Nested
  class TerminatedContainers {

    @Test
    void aCompleteJobTakesTheMainContainersTerminationMessage() {
      Pod pod = pod("Succeeded", terminated("main", 0, "Completed", "{\"status\":\"succeeded\"}"));

      AttemptOutcome outcome =
          OutcomeClassifier.classify(jobWithCondition("Complete", null, null), pod);

      assertThat(outcome.kind()).isEqualTo(Kind.SUCCEEDED);
      assertThat(outcome.exitCode()).isZero();
      assertThat(outcome.terminationMessage()).isEqualTo("{\"status\":\"succeeded\"}");
      assertThat(outcome.podName()).isEqualTo("wfx-fetch-1-abcde");
      assertThat(outcome.podStartedAt()).isEqualTo(Instant.parse(STARTED));
      assertThat(outcome.finishedAt()).isEqualTo(Instant.parse(FINISHED));
    }

    @Test
    void aCompleteJobWhosePodIsStillSeenRunningWaitsForThePodsResult() {
      Pod stale = pod("Running", running("main"));

      AttemptOutcome outcome =
          OutcomeClassifier.classify(jobWithCondition("Complete", null, null), stale);

      assertThat(outcome.kind()).isEqualTo(Kind.RUNNING);
      assertThat(outcome.failure()).isNull();
    }

    @Test
    void exitCodeZeroWithASucceededPodSucceedsBeforeTheJobSaysSo() {
      Pod pod = pod("Succeeded", terminated("main", 0, "Completed", null));

      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod);

      assertThat(outcome.kind()).isEqualTo(Kind.SUCCEEDED);
      assertThat(outcome.exitCode()).isZero();
    }

    @Test
    void aNonZeroExitFailsErrorWithExitCodeMessageAndTerminationMessage() {
      String result = "{\"status\":\"failed\",\"error\":{\"message\":\"boom\"}}\nsecond line";
      Pod pod = pod("Failed", terminated("main", 3, "Error", result));

      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod);

      assertThat(outcome.kind()).isEqualTo(Kind.FAILED);
      assertThat(outcome.failure()).isEqualTo(FailureReason.Error);
      assertThat(outcome.exitCode()).isEqualTo(3);
      assertThat(outcome.message())
          .isEqualTo(
              "container main exited with code 3:"
                  + " {\"status\":\"failed\",\"error\":{\"message\":\"boom\"}}");
      assertThat(outcome.terminationMessage()).isEqualTo(result);
      assertThat(outcome.finishedAt()).isEqualTo(Instant.parse(FINISHED));
    }

    @Test
    void anOomKilledContainerFailsOomKilled() {
      Pod pod = pod("Failed", terminated("main", 137, "OOMKilled", null));

      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod);

      assertThat(outcome.failure()).isEqualTo(FailureReason.OOMKilled);
      assertThat(outcome.exitCode()).isEqualTo(137);
      assertThat(outcome.message()).contains("container main", "out of memory");
    }

    @Test
    void aStartErrorFailsErrorWithTheRuntimesWholeMessage() {
      String runtime =
          "failed to create containerd task: failed to create shim task: OCI runtime create"
              + " failed: runc create failed: unable to start container process: error during"
              + " container init: exec: \"pyhton\": executable file not found in $PATH";
      Pod pod = pod("Failed", terminated("main", 128, "StartError", runtime));

      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod);

      assertThat(outcome.failure()).isEqualTo(FailureReason.Error);
      assertThat(outcome.exitCode()).isEqualTo(128);
      assertThat(outcome.message())
          .startsWith("container main could not start (exit 128): ")
          .endsWith("\"pyhton\": executable file not found in $PATH");
      // The runtime writes the epoch for a container that never started.
      assertThat(outcome.podStartedAt()).isNull();
    }

    @Test
    void aCrashLoopingContainerFailsWithItsLastExitCode() {
      ContainerStatus crashLooping =
          new ContainerStatusBuilder()
              .withName("main")
              .withNewState()
              .withNewWaiting()
              .withReason("CrashLoopBackOff")
              .withMessage("back-off 40s restarting failed container")
              .endWaiting()
              .endState()
              .withNewLastState()
              .withNewTerminated()
              .withExitCode(2)
              .withReason("Error")
              .withFinishedAt(FINISHED)
              .endTerminated()
              .endLastState()
              .build();

      AttemptOutcome outcome =
          OutcomeClassifier.classify(activeJob(), pod("Running", crashLooping));

      assertThat(outcome.failure()).isEqualTo(FailureReason.Error);
      assertThat(outcome.exitCode()).isEqualTo(2);
    }

    @Test
    void aFailedInitContainerFailsErrorNamingIt() {
      Pod pod =
          new PodBuilder(pod("Failed", waiting("main", "PodInitializing", null)))
              .editSpec()
              .addNewInitContainer()
              .withName("fetch-inputs")
              .withImage("busybox")
              .endInitContainer()
              .endSpec()
              .editStatus()
              .addToInitContainerStatuses(terminated("fetch-inputs", 1, "Error", "no such file"))
              .endStatus()
              .build();

      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod);

      assertThat(outcome.failure()).isEqualTo(FailureReason.Error);
      assertThat(outcome.exitCode()).isEqualTo(1);
      assertThat(outcome.message())
          .isEqualTo("init container fetch-inputs exited with code 1: no such file");
    }

    @Test
    void aFailingNativeSidecarDoesNotFailTheNode() {
      Pod pod =
          new PodBuilder(pod("Running", running("main")))
              .editSpec()
              .addNewInitContainer()
              .withName("proxy")
              .withRestartPolicy("Always")
              .endInitContainer()
              .endSpec()
              .editStatus()
              .addToInitContainerStatuses(crashLooping("proxy", 1))
              .endStatus()
              .build();

      assertThat(OutcomeClassifier.classify(activeJob(), pod).kind()).isEqualTo(Kind.RUNNING);
    }

    @Test
    void aBackoffLimitFailureWithAFailedContainerTakesTheContainersReason() {
      Job job = jobWithCondition("Failed", "BackoffLimitExceeded", "backoff limit");

      AttemptOutcome error =
          OutcomeClassifier.classify(job, pod("Failed", terminated("main", 2, "Error", null)));
      AttemptOutcome oom =
          OutcomeClassifier.classify(
              job, pod("Failed", terminated("main", 137, "OOMKilled", null)));

      assertThat(error.failure()).isEqualTo(FailureReason.Error);
      assertThat(error.exitCode()).isEqualTo(2);
      assertThat(oom.failure()).isEqualTo(FailureReason.OOMKilled);
    }

    @Test
    void theDeadlineWinsOverTheExitCodeOfTheKilledContainer() {
      Job job = jobWithCondition("Failed", "DeadlineExceeded", null);

      AttemptOutcome outcome =
          OutcomeClassifier.classify(job, pod("Failed", terminated("main", 143, "Error", null)));

      assertThat(outcome.failure()).isEqualTo(FailureReason.DeadlineExceeded);
      assertThat(outcome.exitCode()).isEqualTo(143);
    }

    @Test
    void aPodThatFailedWithoutContainerDetailFailsErrorWithThePodsReason() {
      Pod pod =
          new PodBuilder(pod("Failed"))
              .editStatus()
              .withReason("OutOfcpu")
              .withMessage("Node didn't have enough resource: cpu")
              .endStatus()
              .build();

      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod);

      assertThat(outcome.failure()).isEqualTo(FailureReason.Error);
      assertThat(outcome.message())
          .isEqualTo(
              "pod wfx-fetch-1-abcde failed: OutOfcpu: Node didn't have enough resource: cpu");
    }
  }

  @Nested
  class Disruptions {

    @Test
    void anEvictedPodFailsEvictedWithTheKubeletsMessage() {
      Pod pod =
          new PodBuilder(pod("Failed", terminated("main", 137, "Error", null)))
              .editStatus()
              .withReason("Evicted")
              .withMessage("The node was low on resource: memory.")
              .endStatus()
              .build();

      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod);

      assertThat(outcome.failure()).isEqualTo(FailureReason.Evicted);
      assertThat(outcome.message())
          .isEqualTo("pod wfx-fetch-1-abcde was evicted: The node was low on resource: memory.");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "DeletionByTaintManager",
          "EvictionByEvictionAPI",
          "PreemptionByScheduler",
          "TerminationByKubelet"
        })
    void aDisruptionTargetFailsEvictedEvenThoughTheContainerWasKilled(String reason) {
      Pod pod =
          new PodBuilder(pod("Failed", terminated("main", 143, "Error", null)))
              .editStatus()
              .addNewCondition()
              .withType("DisruptionTarget")
              .withStatus("True")
              .withReason(reason)
              .withMessage("stopped by " + reason)
              .endCondition()
              .endStatus()
              .build();

      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod);

      assertThat(outcome.failure()).isEqualTo(FailureReason.Evicted);
      assertThat(outcome.message()).contains(reason, "stopped by " + reason);
      assertThat(outcome.exitCode()).isEqualTo(143);
    }

    @Test
    void aPodDeletedWhileItRanIsLostNotAnErrorOfTheProgram() {
      Pod pod =
          new PodBuilder(pod("Failed", terminated("main", 137, "Error", null)))
              .editMetadata()
              .withDeletionTimestamp("2026-12-04T10:00:00Z")
              .endMetadata()
              .build();

      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod);

      assertThat(outcome.failure()).isEqualTo(FailureReason.Lost);
      assertThat(outcome.message()).startsWith("pod wfx-fetch-1-abcde was deleted while it ran");
      assertThat(outcome.exitCode()).isEqualTo(137);
    }

    @Test
    void aPodThatSucceededBeforeItsDeletionKeepsItsSuccess() {
      Pod pod =
          new PodBuilder(pod("Succeeded", terminated("main", 0, "Completed", null)))
              .editMetadata()
              .withDeletionTimestamp("2026-12-04T10:00:00Z")
              .endMetadata()
              .build();

      assertThat(OutcomeClassifier.classify(activeJob(), pod).kind()).isEqualTo(Kind.SUCCEEDED);
    }

    @Test
    void anOomKillWinsOverADisruption() {
      Pod pod =
          new PodBuilder(pod("Failed", terminated("main", 137, "OOMKilled", null)))
              .editStatus()
              .withReason("Evicted")
              .endStatus()
              .build();

      assertThat(OutcomeClassifier.classify(activeJob(), pod).failure())
          .isEqualTo(FailureReason.OOMKilled);
    }

    @Test
    void aFalseDisruptionTargetIsNoDisruption() {
      Pod pod =
          new PodBuilder(pod("Running", running("main")))
              .editStatus()
              .addNewCondition()
              .withType("DisruptionTarget")
              .withStatus("False")
              .endCondition()
              .endStatus()
              .build();

      assertThat(OutcomeClassifier.classify(activeJob(), pod).kind()).isEqualTo(Kind.RUNNING);
    }
  }

  @Nested
  class ContainersThatCannotStart {

    @ParameterizedTest
    @ValueSource(strings = {"ErrImagePull", "ImagePullBackOff", "InvalidImageName"})
    void anImageThatCannotBePulledFailsFastNamingTheImage(String reason) {
      Pod pod = pod("Pending", waiting("main", reason, "Back-off pulling image \"" + IMAGE + "\""));

      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod);

      assertThat(outcome.kind()).isEqualTo(Kind.FAILED);
      assertThat(outcome.failure()).isEqualTo(FailureReason.ImagePullFailed);
      assertThat(outcome.message())
          .isEqualTo(
              "container main cannot pull image \""
                  + IMAGE
                  + "\" ("
                  + reason
                  + "): Back-off pulling image \""
                  + IMAGE
                  + "\"");
    }

    @Test
    void aMissingSecretFailsConfigErrorKeepingTheKubeletsMessage() {
      Pod pod =
          pod(
              "Pending",
              waiting("main", "CreateContainerConfigError", "secret \"llm-cred\" not found"));

      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod);

      assertThat(outcome.failure()).isEqualTo(FailureReason.ConfigError);
      assertThat(outcome.message())
          .isEqualTo(
              "container main cannot be created (CreateContainerConfigError):"
                  + " secret \"llm-cred\" not found");
    }

    @Test
    void aMissingSecretKeyFailsConfigError() {
      String kubelet = "couldn't find key apiKey in Secret default/llm-cred";
      Pod pod = pod("Pending", waiting("main", "CreateContainerError", kubelet));

      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod);

      assertThat(outcome.failure()).isEqualTo(FailureReason.ConfigError);
      assertThat(outcome.message()).endsWith(": " + kubelet);
    }

    @Test
    void anInitContainerThatCannotPullFailsNamingTheInitContainer() {
      Pod pod =
          new PodBuilder(pod("Pending", waiting("main", "PodInitializing", null)))
              .editSpec()
              .addNewInitContainer()
              .withName("setup")
              .withImage("busybox:nope")
              .endInitContainer()
              .endSpec()
              .editStatus()
              .addToInitContainerStatuses(waiting("setup", "ImagePullBackOff", "not found"))
              .endStatus()
              .build();

      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod);

      assertThat(outcome.failure()).isEqualTo(FailureReason.ImagePullFailed);
      assertThat(outcome.message())
          .startsWith("init container setup cannot pull image \"busybox:nope\"");
    }
  }

  @Nested
  class PendingAndRunning {

    @Test
    void anUnschedulablePodIsPendingWithTheSchedulersMessage() {
      String scheduler = "0/3 nodes are available: 3 Insufficient memory.";
      Pod pod =
          new PodBuilder(pod("Pending"))
              .editStatus()
              .addNewCondition()
              .withType("PodScheduled")
              .withStatus("False")
              .withReason("Unschedulable")
              .withMessage(scheduler)
              .endCondition()
              .endStatus()
              .build();

      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod);

      assertThat(outcome.kind()).isEqualTo(Kind.PENDING);
      assertThat(outcome.failure()).isEqualTo(FailureReason.Unschedulable);
      assertThat(outcome.message())
          .isEqualTo("pod wfx-fetch-1-abcde cannot be scheduled: " + scheduler);
    }

    @Test
    void aRunningMainContainerIsRunningSinceItStarted() {
      AttemptOutcome outcome =
          OutcomeClassifier.classify(activeJob(), pod("Running", running("main")));

      assertThat(outcome.kind()).isEqualTo(Kind.RUNNING);
      assertThat(outcome.failure()).isNull();
      assertThat(outcome.podStartedAt()).isEqualTo(Instant.parse(STARTED));
      assertThat(outcome.podName()).isEqualTo("wfx-fetch-1-abcde");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ContainerCreating", "PodInitializing"})
    void aPodStillStartingIsPendingWithoutFailure(String reason) {
      AttemptOutcome outcome =
          OutcomeClassifier.classify(activeJob(), pod("Pending", waiting("main", reason, null)));

      assertThat(outcome.kind()).isEqualTo(Kind.PENDING);
      assertThat(outcome.failure()).isNull();
      assertThat(outcome.message()).contains(reason);
    }

    @Test
    void aPendingPodWithoutStatusesIsPending() {
      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod("Pending"));

      assertThat(outcome.kind()).isEqualTo(Kind.PENDING);
      assertThat(outcome.failure()).isNull();
    }
  }

  @Nested
  class SeveralContainers {

    @Test
    void theContainerNamedMainIsTheMainOneWhereverItStands() {
      Pod pod =
          new PodBuilder()
              .withNewMetadata()
              .withName("p")
              .endMetadata()
              .withNewSpec()
              .addNewContainer()
              .withName("sidecar")
              .endContainer()
              .addNewContainer()
              .withName("main")
              .endContainer()
              .endSpec()
              .withNewStatus()
              .withPhase("Running")
              .addToContainerStatuses(terminated("sidecar", 0, "Completed", null))
              .addToContainerStatuses(running("main"))
              .endStatus()
              .build();

      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod);

      assertThat(outcome.kind()).isEqualTo(Kind.RUNNING);
      assertThat(outcome.message()).isEqualTo("container main is running");
    }

    @Test
    void withoutAContainerNamedMainTheFirstInSpecOrderIsMain() {
      Pod pod =
          new PodBuilder()
              .withNewMetadata()
              .withName("p")
              .endMetadata()
              .withNewSpec()
              .addNewContainer()
              .withName("worker")
              .endContainer()
              .addNewContainer()
              .withName("logger")
              .endContainer()
              .endSpec()
              .withNewStatus()
              .withPhase("Failed")
              // Status order differs from spec order, as the kubelet sorts statuses by name.
              .addToContainerStatuses(terminated("logger", 0, "Completed", null))
              .addToContainerStatuses(terminated("worker", 4, "Error", "bad input"))
              .endStatus()
              .build();

      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod);

      assertThat(outcome.exitCode()).isEqualTo(4);
      assertThat(outcome.message()).isEqualTo("container worker exited with code 4: bad input");
    }

    @Test
    void aSidecarThatCompletedIsIgnored() {
      Pod pod =
          new PodBuilder(pod("Running", running("main")))
              .editSpec()
              .addNewContainer()
              .withName("wait")
              .endContainer()
              .endSpec()
              .editStatus()
              .addToContainerStatuses(terminated("wait", 0, "Completed", null))
              .endStatus()
              .build();

      assertThat(OutcomeClassifier.classify(activeJob(), pod).kind()).isEqualTo(Kind.RUNNING);
    }
  }

  @Nested
  class RobustnessOfMessagesAndTimes {

    @Test
    void malformedTimestampsBecomeNullInsteadOfThrowing() {
      ContainerStatus status =
          new ContainerStatusBuilder()
              .withName("main")
              .withNewState()
              .withNewTerminated()
              .withExitCode(1)
              .withReason("Error")
              .withStartedAt("2025-08-2312:02:37Z")
              .withFinishedAt("not a time")
              .endTerminated()
              .endState()
              .build();
      Job job =
          new JobBuilder(jobWithCondition("Failed", "BackoffLimitExceeded", null))
              .editStatus()
              .editFirstCondition()
              .withLastTransitionTime("yesterday")
              .endCondition()
              .endStatus()
              .build();

      assertThatCode(() -> OutcomeClassifier.classify(job, pod("Failed", status)))
          .doesNotThrowAnyException();
      AttemptOutcome outcome = OutcomeClassifier.classify(job, pod("Failed", status));
      assertThat(outcome.podStartedAt()).isNull();
      assertThat(outcome.finishedAt()).isNull();
    }

    @Test
    void offsetTimestampsAreAccepted() {
      assertThat(OutcomeClassifier.parseTime("2025-03-01T11:00:00+01:00"))
          .isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
    }

    @Test
    void aStackTraceInTheTerminationMessageStaysOutOfTheMessage() {
      String log =
          "Exception in thread \"main\" java.lang.IllegalStateException: no model\n"
              + "\tat dev.terminus.worker.Llm.call(Llm.java:42)\n"
              + "\tat dev.terminus.worker.Main.main(Main.java:10)\n";
      Pod pod = pod("Failed", terminated("main", 1, "Error", log));

      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod);

      assertThat(outcome.message())
          .isEqualTo(
              "container main exited with code 1: Exception in thread \"main\""
                  + " java.lang.IllegalStateException: no model")
          .doesNotContain("\n", "\tat ");
      assertThat(outcome.terminationMessage()).isEqualTo(log);
    }

    @Test
    void theExcerptOfATerminationMessageIsShort() {
      Pod pod = pod("Failed", terminated("main", 1, "Error", "x".repeat(5000)));

      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod);

      assertThat(outcome.message().length())
          .isLessThanOrEqualTo("container main exited with code 1: ".length() + 200);
    }

    @Test
    void messagesAreBoundedTo1024Characters() {
      Pod pod = pod("Pending", waiting("main", "CreateContainerConfigError", "y".repeat(5000)));

      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod);

      assertThat(outcome.message()).hasSizeLessThanOrEqualTo(1024).endsWith("…");
    }

    @Test
    void terminationMessagesAreBoundedTo4096BytesWithoutSplittingACharacter() {
      String euros = "€".repeat(2000); // 3 bytes each: 6000 bytes
      Pod pod = pod("Failed", terminated("main", 1, "Error", euros));

      AttemptOutcome outcome = OutcomeClassifier.classify(activeJob(), pod);

      byte[] bytes = outcome.terminationMessage().getBytes(StandardCharsets.UTF_8);
      assertThat(bytes.length).isLessThanOrEqualTo(4096).isGreaterThan(4090);
      assertThat(outcome.terminationMessage()).matches("€+");
    }
  }

  @Nested
  class RealClusterSamples {

    /** What each captured sample must classify as, with words its expected line must contain. */
    private record Verdict(
        Kind kind,
        FailureReason failure,
        Integer exitCode,
        List<String> messageMentions,
        List<String> expectedLineMentions) {}

    private static final Map<String, Verdict> VERDICTS =
        Map.of(
            "02b",
            new Verdict(
                Kind.FAILED,
                FailureReason.JobFailed,
                null,
                List.of("BackoffLimitExceeded", "backoff limit"),
                List.of("Failed", "BackoffLimitExceeded")),
            "05a",
            new Verdict(
                Kind.FAILED,
                FailureReason.OOMKilled,
                137,
                List.of("container main"),
                List.of("OOMKilled", "main", "exit 137")),
            "06b",
            new Verdict(
                Kind.FAILED,
                FailureReason.Error,
                128,
                List.of("init container downloader", "exit 128", "\"wge\""),
                List.of("init container", "StartError exit 128", "wge")),
            "11f",
            new Verdict(
                Kind.FAILED,
                FailureReason.Evicted,
                null,
                List.of("DeletionByTaintManager", "NoExecute taint"),
                List.of("Failed", "DeletionByTaintManager")),
            "12a",
            new Verdict(
                Kind.FAILED,
                FailureReason.Error,
                255,
                List.of("container stress exited with code 255"),
                List.of("last exit 255", "reason Error")));

    static Stream<Named<Path>> namedSamples() throws IOException, URISyntaxException {
      return samples().map(p -> Named.of(p.getFileName().toString(), p));
    }

    static Stream<Path> samples() throws IOException, URISyntaxException {
      URL dir = OutcomeClassifierTest.class.getResource("/k8s-status-samples");
      assertThat(dir).as("test resource directory k8s-status-samples").isNotNull();
      try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
        List<Path> yamls =
            files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        assertThat(yamls).hasSize(VERDICTS.size());
        return yamls.stream();
      }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedSamples")
    void classifiesAsItsExpectedLineSays(Path sample) throws IOException {
      String text = Files.readString(sample);
      String prefix = sample.getFileName().toString().substring(0, 3);
      Verdict verdict = VERDICTS.get(prefix);
      assertThat(verdict).as("a verdict for sample %s", prefix).isNotNull();
      assertThat(expectedLine(text)).contains(verdict.expectedLineMentions());

      AttemptOutcome outcome = classifySample(SERIALIZATION.unmarshal(text));

      assertThat(outcome.kind()).isEqualTo(verdict.kind());
      assertThat(outcome.failure()).isEqualTo(verdict.failure());
      assertThat(outcome.exitCode()).isEqualTo(verdict.exitCode());
      assertThat(outcome.message())
          .contains(verdict.messageMentions())
          .hasSizeLessThanOrEqualTo(1024);
    }

    @Test
    void theMalformedTimesOfSample12aDoNotBreakClassification()
        throws IOException, URISyntaxException {
      Path sample =
          samples()
              .filter(p -> p.getFileName().toString().startsWith("12a"))
              .findFirst()
              .orElseThrow();

      AttemptOutcome outcome = classifySample(SERIALIZATION.unmarshal(Files.readString(sample)));

      assertThat(outcome.finishedAt()).isNull();
    }

    /** A Job sample stands alone; a Pod sample belongs to a Job still active. */
    private static AttemptOutcome classifySample(Object resource) {
      if (resource instanceof Job job) {
        return OutcomeClassifier.classify(job, null);
      }
      assertThat(resource).isInstanceOf(Pod.class);
      return OutcomeClassifier.classify(activeJob(), (Pod) resource);
    }

    private static String expectedLine(String text) {
      return text.lines()
          .filter(l -> l.startsWith("# expected:"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("sample has no '# expected:' line"));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Fixtures.

  private static Job activeJob() {
    return new JobBuilder()
        .withNewMetadata()
        .withName("wfx-fetch-1")
        .endMetadata()
        .withNewStatus()
        .withActive(1)
        .withStartTime(STARTED)
        .endStatus()
        .build();
  }

  private static Job jobWithCondition(String type, String reason, String message) {
    return new JobBuilder(activeJob())
        .editStatus()
        .withActive(0)
        .addNewCondition()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(FINISHED)
        .endCondition()
        .endStatus()
        .build();
  }

  /** A Pod whose spec declares one container per status given (main when none). */
  private static Pod pod(String phase, ContainerStatus... statuses) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("wfx-fetch-1-abcde")
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .withNewStatus()
            .withPhase(phase)
            .endStatus();
    if (statuses.length == 0) {
      pod.editSpec().addNewContainer().withName("main").withImage(IMAGE).endContainer().endSpec();
    }
    for (ContainerStatus status : statuses) {
      pod.editSpec()
          .addNewContainer()
          .withName(status.getName())
          .withImage(IMAGE)
          .endContainer()
          .endSpec()
          .editStatus()
          .addToContainerStatuses(status)
          .endStatus();
    }
    return pod.build();
  }

  private static ContainerStatus terminated(
      String name, int exitCode, String reason, String message) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withImage(IMAGE)
        .withNewState()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withReason(reason)
        .withMessage(message)
        .withStartedAt("StartError".equals(reason) ? "1970-01-01T00:00:00Z" : STARTED)
        .withFinishedAt(FINISHED)
        .endTerminated()
        .endState()
        .build();
  }

  private static ContainerStatus waiting(String name, String reason, String message) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withImage(IMAGE)
        .withNewState()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .endState()
        .build();
  }

  private static ContainerStatus running(String name) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withImage(IMAGE)
        .withNewState()
        .withNewRunning()
        .withStartedAt(STARTED)
        .endRunning()
        .endState()
        .build();
  }

  private static ContainerStatus crashLooping(String name, int lastExitCode) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withNewState()
        .withNewWaiting()
        .withReason("CrashLoopBackOff")
        .endWaiting()
        .endState()
        .withNewLastState()
        .withNewTerminated()
        .withExitCode(lastExitCode)
        .withReason("Error")
        .endTerminated()
        .endLastState()
        .build();
  }
}
