package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.FailureReason;
import dev.terminus.operator.engine.AttemptOutcome.Kind;
import dev.terminus.protocol.WorkerResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Classifies one node attempt from what the cluster shows now: its Job and, when one exists, its
 * Pod. A pure function of its arguments, so every verdict can be tested from captured YAML.
 *
 * <p>Rules are tried in a fixed priority order and the first that applies decides:
 *
 * <ol>
 *   <li>the Job completed: Succeeded;
 *   <li>the Job (or Pod) passed its deadline: DeadlineExceeded, even though the kill also shows as
 *       a container exit, because the deadline is what a person must change;
 *   <li>a container was OOM-killed: OOMKilled, the most specific cause there is;
 *   <li>the Pod was evicted or disrupted: Evicted; the exit code of a container stopped by the
 *       disruption only says how the program reacted to being stopped;
 *   <li>the Pod failed while being deleted (someone deleted it; Terminus deletes Pods only with
 *       their Jobs, after deciding): Lost, like a Pod that vanished, not an Error of the program;
 *   <li>a container (init containers first, then the main one) terminated non-zero: Error;
 *   <li>the Job failed for another reason (BackoffLimitExceeded, ...): JobFailed;
 *   <li>the Pod failed or succeeded without container detail;
 *   <li>a container cannot start (image pull, missing Secret or key): fail fast rather than wait
 *       for a deadline;
 *   <li>the Pod cannot be scheduled: still Pending, with the scheduler's reason, so the engine can
 *       fail it after pendingTimeoutSeconds;
 *   <li>the main container runs: Running; otherwise Pending.
 * </ol>
 */
public final class OutcomeClassifier {

  /** The container that runs the node when a Pod has several. */
  static final String MAIN_CONTAINER = "main";

  /** Bound of {@link AttemptOutcome#message()}; it ends up in the status, which must stay small. */
  static final int MAX_MESSAGE_CHARS = 1024;

  /** How much of a termination message the human-readable message quotes. */
  static final int MESSAGE_EXCERPT_CHARS = 200;

  private static final Set<String> IMAGE_PULL_REASONS =
      Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");
  private static final Set<String> CONFIG_REASONS =
      Set.of("CreateContainerConfigError", "CreateContainerError");
  private static final Set<String> JOB_SUCCESS_CONDITIONS =
      Set.of("Complete", "SuccessCriteriaMet");
  private static final Set<String> JOB_FAILURE_CONDITIONS = Set.of("Failed", "FailureTarget");
  private static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
  private static final String DEFAULT_DEADLINE_MESSAGE =
      "Job was active longer than specified deadline";

  private static final List<Function<Attempt, Optional<AttemptOutcome>>> RULES =
      List.of(
          OutcomeClassifier::completedJob,
          OutcomeClassifier::deadlineExceeded,
          OutcomeClassifier::oomKilledContainer,
          OutcomeClassifier::disruptedPod,
          OutcomeClassifier::deletedPod,
          OutcomeClassifier::failedContainer,
          OutcomeClassifier::failedJob,
          OutcomeClassifier::finishedPodWithoutDetail,
          OutcomeClassifier::containerThatCannotStart,
          OutcomeClassifier::unschedulablePod,
          OutcomeClassifier::runningPod);

  private OutcomeClassifier() {}

  /**
   * Classifies an attempt.
   *
   * @param job the attempt's Job; null when it no longer exists, which loses the attempt
   * @param pod the Job's Pod, or null when none exists (yet)
   */
  public static AttemptOutcome classify(Job job, Pod pod) {
    if (job == null) {
      return AttemptOutcome.lost(
          pod == null
              ? "Job of the attempt no longer exists"
              : "Job of the attempt no longer exists (pod " + podName(pod) + " remains)");
    }
    Attempt attempt = new Attempt(job, pod);
    return RULES.stream()
        .map(rule -> rule.apply(attempt))
        .flatMap(Optional::stream)
        .findFirst()
        .orElseGet(() -> pending(attempt));
  }

  // ---------------------------------------------------------------------------------------------
  // Rules, in priority order. Each returns empty when it does not apply.

  /**
   * The Job completed. The Job controller counts a Pod only once the Pod shows it succeeded, so a
   * Pod still seen running is a stale cache (Jobs and Pods come from separate watches): the attempt
   * stays running until the Pod's final status, which carries the result, arrives. A Pod that is
   * gone takes its result with it; the Job's word is then enough.
   */
  private static Optional<AttemptOutcome> completedJob(Attempt a) {
    if (a.pod != null && isStillActive(a.podStatus().getPhase())) {
      return Optional.empty();
    }
    return a.trueJobCondition(JOB_SUCCESS_CONDITIONS).map(c -> succeeded(a, "Job completed"));
  }

  private static boolean isStillActive(String podPhase) {
    return "Running".equals(podPhase) || "Pending".equals(podPhase);
  }

  private static Optional<AttemptOutcome> deadlineExceeded(Attempt a) {
    Optional<JobCondition> jobDeadline =
        a.trueJobCondition(JOB_FAILURE_CONDITIONS)
            .filter(c -> DEADLINE_EXCEEDED.equals(c.getReason()));
    if (jobDeadline.isPresent()) {
      String message = orDefault(jobDeadline.get().getMessage(), DEFAULT_DEADLINE_MESSAGE);
      return Optional.of(failed(a, FailureReason.DeadlineExceeded, message, a.mainTermination()));
    }
    if (a.pod != null && DEADLINE_EXCEEDED.equals(a.podStatus().getReason())) {
      String message =
          orDefault(a.podStatus().getMessage(), "Pod was active longer than its deadline");
      return Optional.of(failed(a, FailureReason.DeadlineExceeded, message, a.mainTermination()));
    }
    return Optional.empty();
  }

  private static Optional<AttemptOutcome> oomKilledContainer(Attempt a) {
    return a.failedContainers().stream()
        .filter(FailedContainer::isOomKilled)
        .findFirst()
        .map(f -> failed(a, FailureReason.OOMKilled, f.summary(), f));
  }

  private static Optional<AttemptOutcome> disruptedPod(Attempt a) {
    // A Pod that already succeeded lost nothing to the disruption (e.g. garbage collection).
    if (a.pod == null || "Succeeded".equals(a.podStatus().getPhase())) {
      return Optional.empty();
    }
    if ("Evicted".equals(a.podStatus().getReason())) {
      String message = "pod " + a.podName() + " was evicted";
      return Optional.of(
          failed(
              a,
              FailureReason.Evicted,
              withDetail(message, a.podStatus().getMessage()),
              a.mainTermination()));
    }
    return a.truePodCondition("DisruptionTarget")
        .map(
            c -> {
              String message = "pod " + a.podName() + " was disrupted";
              if (c.getReason() != null) {
                message += " (" + c.getReason() + ")";
              }
              FailedContainer main = a.mainTermination();
              AttemptOutcome outcome =
                  failed(a, FailureReason.Evicted, withDetail(message, c.getMessage()), main);
              return main != null
                  ? outcome
                  : withFinishedAt(outcome, parseTime(c.getLastTransitionTime()));
            });
  }

  /**
   * A plain {@code kubectl delete pod} sets no DisruptionTarget: the kubelet stops the container
   * (137 or 143) and reports the Pod Failed while its deletionTimestamp is set. The program did
   * nothing wrong; the attempt was lost.
   */
  private static Optional<AttemptOutcome> deletedPod(Attempt a) {
    if (a.pod == null
        || a.pod.getMetadata().getDeletionTimestamp() == null
        || !"Failed".equals(a.podStatus().getPhase())) {
      return Optional.empty();
    }
    String message = "pod " + a.podName() + " was deleted while it ran";
    FailedContainer main = a.mainTermination();
    if (main != null) {
      message += " (" + main.summary() + ")";
    }
    return Optional.of(failed(a, FailureReason.Lost, message, main));
  }

  private static Optional<AttemptOutcome> failedContainer(Attempt a) {
    return a.failedContainers().stream()
        .findFirst()
        .map(f -> failed(a, FailureReason.Error, f.summary(), f));
  }

  private static Optional<AttemptOutcome> failedJob(Attempt a) {
    return a.trueJobCondition(JOB_FAILURE_CONDITIONS)
        .map(
            c -> {
              String message = "Job failed";
              if (c.getReason() != null) {
                message += ": " + c.getReason();
              }
              return failed(a, FailureReason.JobFailed, withDetail(message, c.getMessage()), null);
            });
  }

  /** A Pod that ended without a container explaining how, e.g. rejected at admission. */
  private static Optional<AttemptOutcome> finishedPodWithoutDetail(Attempt a) {
    if (a.pod == null) {
      return Optional.empty();
    }
    String phase = a.podStatus().getPhase();
    if ("Succeeded".equals(phase)) {
      return Optional.of(succeeded(a, "pod " + a.podName() + " succeeded"));
    }
    if ("Failed".equals(phase)) {
      String message = "pod " + a.podName() + " failed";
      if (a.podStatus().getReason() != null) {
        message += ": " + a.podStatus().getReason();
      }
      return Optional.of(
          failed(a, FailureReason.Error, withDetail(message, a.podStatus().getMessage()), null));
    }
    return Optional.empty();
  }

  /**
   * A container the kubelet cannot start: a bad image or a missing Secret or key (the Kubernetes
   * form of a deleted credential). Waiting changes nothing, so the attempt fails now.
   */
  private static Optional<AttemptOutcome> containerThatCannotStart(Attempt a) {
    for (NamedStatus s : a.allStatuses()) {
      ContainerStateWaiting waiting = waiting(s.status().getState());
      if (waiting == null) {
        continue;
      }
      String kubeletMessage = waiting.getMessage();
      if (IMAGE_PULL_REASONS.contains(waiting.getReason())) {
        String message =
            String.format(
                "%s cannot pull image \"%s\" (%s)",
                s.describe(), a.imageOf(s), waiting.getReason());
        return Optional.of(
            failed(a, FailureReason.ImagePullFailed, withDetail(message, kubeletMessage), null));
      }
      if (CONFIG_REASONS.contains(waiting.getReason())) {
        String message = s.describe() + " cannot be created (" + waiting.getReason() + ")";
        return Optional.of(
            failed(a, FailureReason.ConfigError, withDetail(message, kubeletMessage), null));
      }
    }
    return Optional.empty();
  }

  private static Optional<AttemptOutcome> unschedulablePod(Attempt a) {
    return a.podCondition("PodScheduled")
        .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()))
        .map(
            c ->
                outcome(
                    a,
                    Kind.PENDING,
                    FailureReason.Unschedulable,
                    null,
                    withDetail("pod " + a.podName() + " cannot be scheduled", c.getMessage()),
                    null,
                    null,
                    null));
  }

  /**
   * The main container runs, or it has finished while the Pod still runs (a sidecar has not stopped
   * yet): either way the attempt is under way.
   */
  private static Optional<AttemptOutcome> runningPod(Attempt a) {
    ContainerStatus main = a.mainStatus();
    ContainerStateRunning running = main == null ? null : running(main.getState());
    if (running != null) {
      return Optional.of(
          outcome(
              a,
              Kind.RUNNING,
              null,
              null,
              "container " + main.getName() + " is running",
              null,
              parseStartTime(running.getStartedAt()),
              null));
    }
    if (a.pod != null && "Running".equals(a.podStatus().getPhase())) {
      FailedContainer finished = a.mainTermination();
      Instant startedAt =
          finished == null ? null : parseStartTime(finished.terminated().getStartedAt());
      return Optional.of(
          outcome(
              a,
              Kind.RUNNING,
              null,
              null,
              "pod " + a.podName() + " is running",
              null,
              startedAt,
              null));
    }
    return Optional.empty();
  }

  private static AttemptOutcome pending(Attempt a) {
    if (a.pod == null) {
      return outcome(a, Kind.PENDING, null, null, "waiting for the Job's pod", null, null, null);
    }
    ContainerStatus main = a.mainStatus();
    ContainerStateWaiting waiting = main == null ? null : waiting(main.getState());
    String message =
        waiting != null && waiting.getReason() != null
            ? "container " + main.getName() + " is waiting: " + waiting.getReason()
            : "pod " + a.podName() + " is pending";
    return outcome(a, Kind.PENDING, null, null, message, null, null, null);
  }

  // ---------------------------------------------------------------------------------------------
  // Building outcomes.

  private static AttemptOutcome succeeded(Attempt a, String message) {
    FailedContainer main = a.mainTermination();
    ContainerStateTerminated terminated = main == null ? null : main.terminated();
    Integer exitCode =
        terminated == null || terminated.getExitCode() == null ? 0 : terminated.getExitCode();
    return outcome(
        a,
        Kind.SUCCEEDED,
        null,
        exitCode,
        message,
        terminated == null ? null : terminated.getMessage(),
        terminated == null ? null : parseStartTime(terminated.getStartedAt()),
        a.finishedAt(terminated));
  }

  /**
   * A failed outcome; {@code container}, when given, supplies the exit code, termination message
   * and times.
   */
  private static AttemptOutcome failed(
      Attempt a, FailureReason reason, String message, FailedContainer container) {
    ContainerStateTerminated terminated = container == null ? null : container.terminated();
    return outcome(
        a,
        Kind.FAILED,
        reason,
        terminated == null ? null : terminated.getExitCode(),
        message,
        terminated == null ? null : terminated.getMessage(),
        terminated == null ? null : parseStartTime(terminated.getStartedAt()),
        a.finishedAt(terminated));
  }

  /** The one place outcomes are made, so every message and termination message is bounded. */
  private static AttemptOutcome outcome(
      Attempt a,
      Kind kind,
      FailureReason failure,
      Integer exitCode,
      String message,
      String terminationMessage,
      Instant podStartedAt,
      Instant finishedAt) {
    return new AttemptOutcome(
        kind,
        failure,
        exitCode,
        truncate(message, MAX_MESSAGE_CHARS),
        a.pod == null ? null : a.podName(),
        truncateUtf8(terminationMessage, WorkerResult.MAX_BYTES),
        podStartedAt,
        finishedAt);
  }

  private static AttemptOutcome withFinishedAt(AttemptOutcome o, Instant finishedAt) {
    if (finishedAt == null) {
      return o;
    }
    return new AttemptOutcome(
        o.kind(),
        o.failure(),
        o.exitCode(),
        o.message(),
        o.podName(),
        o.terminationMessage(),
        o.podStartedAt(),
        finishedAt);
  }

  // ---------------------------------------------------------------------------------------------
  // The Job and Pod of one attempt, with the lookups the rules share.

  private record Attempt(Job job, Pod pod) {

    PodStatus podStatus() {
      return pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    }

    String podName() {
      return OutcomeClassifier.podName(pod);
    }

    Optional<JobCondition> trueJobCondition(Set<String> types) {
      if (job.getStatus() == null || job.getStatus().getConditions() == null) {
        return Optional.empty();
      }
      // Failed is preferred to FailureTarget, Complete to SuccessCriteriaMet: the final word.
      return job.getStatus().getConditions().stream()
          .filter(Objects::nonNull)
          .filter(c -> types.contains(c.getType()) && "True".equals(c.getStatus()))
          .min((x, y) -> Boolean.compare(isInterimCondition(x), isInterimCondition(y)));
    }

    Optional<PodCondition> podCondition(String type) {
      if (pod == null || podStatus().getConditions() == null) {
        return Optional.empty();
      }
      return podStatus().getConditions().stream()
          .filter(Objects::nonNull)
          .filter(c -> type.equals(c.getType()))
          .findFirst();
    }

    Optional<PodCondition> truePodCondition(String type) {
      return podCondition(type).filter(c -> "True".equals(c.getStatus()));
    }

    /** The status of the main container: named {@code main}, else the first in spec order. */
    ContainerStatus mainStatus() {
      List<ContainerStatus> statuses =
          nonNull(pod == null ? null : podStatus().getContainerStatuses());
      if (statuses.isEmpty()) {
        return null;
      }
      String mainName = mainContainerName();
      return statuses.stream()
          .filter(s -> Objects.equals(s.getName(), mainName))
          .findFirst()
          .orElse(mainName == null ? statuses.get(0) : null);
    }

    private String mainContainerName() {
      List<String> names = specContainers().stream().map(Container::getName).toList();
      if (names.contains(MAIN_CONTAINER)) {
        return MAIN_CONTAINER;
      }
      if (!names.isEmpty()) {
        return names.get(0);
      }
      // No spec (an excerpt): fall back on the statuses themselves.
      boolean mainReported =
          nonNull(podStatus().getContainerStatuses()).stream()
              .anyMatch(s -> MAIN_CONTAINER.equals(s.getName()));
      return mainReported ? MAIN_CONTAINER : null;
    }

    /** The last termination of the main container, failed or not. */
    FailedContainer mainTermination() {
      ContainerStatus main = mainStatus();
      ContainerStateTerminated terminated = main == null ? null : lastTermination(main);
      return terminated == null ? null : new FailedContainer(main.getName(), false, terminated);
    }

    /**
     * Containers that terminated non-zero, in the order they would have run: init containers, then
     * the main one, then the others but only once they have failed the Pod (a sidecar that merely
     * restarted does not fail the node).
     */
    List<FailedContainer> failedContainers() {
      if (pod == null) {
        return List.of();
      }
      List<FailedContainer> failures = new ArrayList<>();
      for (ContainerStatus s : nonNull(podStatus().getInitContainerStatuses())) {
        if (!isRestartableSidecar(s.getName())) {
          failureOf(s, true).ifPresent(failures::add);
        }
      }
      ContainerStatus main = mainStatus();
      if (main != null) {
        failureOf(main, false).ifPresent(failures::add);
      }
      if ("Failed".equals(podStatus().getPhase())) {
        for (ContainerStatus s : nonNull(podStatus().getContainerStatuses())) {
          if (s != main) {
            failureOf(s, false).ifPresent(failures::add);
          }
        }
      }
      return failures;
    }

    /** Init container statuses first, as they block the others. */
    List<NamedStatus> allStatuses() {
      if (pod == null) {
        return List.of();
      }
      return Stream.concat(
              nonNull(podStatus().getInitContainerStatuses()).stream()
                  .map(s -> new NamedStatus(s, true)),
              nonNull(podStatus().getContainerStatuses()).stream()
                  .map(s -> new NamedStatus(s, false)))
          .toList();
    }

    String imageOf(NamedStatus s) {
      List<Container> specs = s.init() ? specInitContainers() : specContainers();
      return specs.stream()
          .filter(c -> Objects.equals(c.getName(), s.status().getName()))
          .map(Container::getImage)
          .filter(Objects::nonNull)
          .findFirst()
          .orElse(orDefault(s.status().getImage(), "?"));
    }

    /** When the attempt ended: the container's end, else the Job's completion or failure. */
    Instant finishedAt(ContainerStateTerminated terminated) {
      Instant containerEnd = terminated == null ? null : parseTime(terminated.getFinishedAt());
      if (containerEnd != null) {
        return containerEnd;
      }
      if (job.getStatus() == null) {
        return null;
      }
      Instant completion = parseTime(job.getStatus().getCompletionTime());
      if (completion != null) {
        return completion;
      }
      return trueJobCondition(JOB_FAILURE_CONDITIONS)
          .map(c -> parseTime(c.getLastTransitionTime()))
          .orElse(null);
    }

    private boolean isRestartableSidecar(String name) {
      return specInitContainers().stream()
          .anyMatch(
              c -> Objects.equals(c.getName(), name) && "Always".equals(c.getRestartPolicy()));
    }

    private List<Container> specContainers() {
      PodSpec spec = pod == null ? null : pod.getSpec();
      return spec == null ? List.of() : nonNull(spec.getContainers());
    }

    private List<Container> specInitContainers() {
      PodSpec spec = pod == null ? null : pod.getSpec();
      return spec == null ? List.of() : nonNull(spec.getInitContainers());
    }
  }

  private static boolean isInterimCondition(JobCondition c) {
    return "FailureTarget".equals(c.getType()) || "SuccessCriteriaMet".equals(c.getType());
  }

  private record NamedStatus(ContainerStatus status, boolean init) {
    String describe() {
      return (init ? "init container " : "container ") + status.getName();
    }
  }

  /** A container's termination; {@code init} tells whether it is an init container. */
  private record FailedContainer(String name, boolean init, ContainerStateTerminated terminated) {

    Integer exitCode() {
      return terminated.getExitCode();
    }

    String describe() {
      return (init ? "init container " : "container ") + name;
    }

    boolean isOomKilled() {
      return "OOMKilled".equals(terminated.getReason());
    }

    /** E.g. {@code container main exited with code 3: <first line of its message>}. */
    String summary() {
      String message = terminated.getMessage();
      if (isOomKilled()) {
        return describe() + " was killed for running out of memory (exit " + exitCode() + ")";
      }
      if ("StartError".equals(terminated.getReason())) {
        // The runtime's message names what could not be executed, at its end: keep all of it.
        return withDetail(describe() + " could not start (exit " + exitCode() + ")", message);
      }
      String summary = describe() + " exited with code " + exitCode();
      String excerpt = truncate(firstLine(message), MESSAGE_EXCERPT_CHARS);
      return excerpt == null ? summary : summary + ": " + excerpt;
    }
  }

  private static Optional<FailedContainer> failureOf(ContainerStatus s, boolean init) {
    ContainerStateTerminated terminated = lastTermination(s);
    if (terminated == null || !isFailure(terminated)) {
      return Optional.empty();
    }
    return Optional.of(new FailedContainer(s.getName(), init, terminated));
  }

  /**
   * The termination that explains the container: its current state, or, while it waits to be
   * restarted (CrashLoopBackOff), the previous one.
   */
  private static ContainerStateTerminated lastTermination(ContainerStatus s) {
    ContainerStateTerminated current = terminated(s.getState());
    if (current != null) {
      return current;
    }
    if (waiting(s.getState()) != null) {
      return terminated(s.getLastState());
    }
    return null;
  }

  private static boolean isFailure(ContainerStateTerminated t) {
    return t.getExitCode() == null ? !"Completed".equals(t.getReason()) : t.getExitCode() != 0;
  }

  private static ContainerStateTerminated terminated(ContainerState state) {
    return state == null ? null : state.getTerminated();
  }

  private static ContainerStateWaiting waiting(ContainerState state) {
    return state == null ? null : state.getWaiting();
  }

  private static ContainerStateRunning running(ContainerState state) {
    return state == null ? null : state.getRunning();
  }

  private static String podName(Pod pod) {
    return pod.getMetadata() == null ? null : pod.getMetadata().getName();
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
  }

  // ---------------------------------------------------------------------------------------------
  // Text and time helpers: cluster data is not trusted to be well-formed.

  /** {@code summary: detail}, where detail is the first line of a foreign message, if any. */
  private static String withDetail(String summary, String detail) {
    String line = firstLine(detail);
    return line == null ? summary : summary + ": " + line;
  }

  /** The first non-blank line, so a multi-line log tail or stack trace never lands in a message. */
  static String firstLine(String text) {
    if (text == null) {
      return null;
    }
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(null);
  }

  /** At most {@code maxChars} characters, never splitting a surrogate pair. */
  static String truncate(String text, int maxChars) {
    if (text == null || text.length() <= maxChars) {
      return text;
    }
    int end = maxChars - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }

  /** At most {@code maxBytes} bytes of UTF-8, never splitting a character. */
  static String truncateUtf8(String text, int maxBytes) {
    if (text == null) {
      return null;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return text;
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.IGNORE)
            .onUnmappableCharacter(CodingErrorAction.IGNORE);
    try {
      // A character cut in half at the end is malformed input, and dropped.
      CharBuffer head = decoder.decode(ByteBuffer.wrap(bytes, 0, maxBytes));
      return head.toString();
    } catch (CharacterCodingException e) {
      return text.substring(0, Math.min(text.length(), maxBytes / 4));
    }
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  /**
   * An RFC 3339 time, or null when absent or malformed: real clusters and fixtures write values
   * such as {@code 2025-08-2312:02:37Z}, which must not break a reconcile.
   */
  static Instant parseTime(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException notUtc) {
      try {
        return OffsetDateTime.parse(value.strip()).toInstant();
      } catch (DateTimeParseException malformed) {
        return null;
      }
    }
  }

  /** Like {@link #parseTime}, but the epoch means "never started" (runtimes write it so). */
  private static Instant parseStartTime(String value) {
    Instant time = parseTime(value);
    return Instant.EPOCH.equals(time) ? null : time;
  }
}
