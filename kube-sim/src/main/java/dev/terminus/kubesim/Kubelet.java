package dev.terminus.kubesim;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pod statuses as the scheduler and the kubelet (1.31+, containerd) write them: pure functions from
 * the Pod before a change to its status after it. Only the Pod's first container is reported, which
 * is all a Terminus node Job has.
 *
 * <p>Shapes follow real clusters (see the operator's test resources k8s-status-samples/):
 * conditions keep their lastTransitionTime while their status holds, a container that never started
 * has an empty imageID and no containerID, a terminated container is neither ready nor started.
 */
public final class Kubelet {

  public static final String UNSCHEDULABLE_MESSAGE = "0/3 nodes are available: 3 Insufficient cpu.";
  public static final String EVICTION_MESSAGE = "The node was low on resource: memory.";
  public static final String UNKNOWN_CONTAINER_MESSAGE =
      "The container could not be located when the pod was terminated";

  private Kubelet() {}

  /** What the API server stores for a new Pod: Pending, nothing scheduled yet. */
  public static PodStatus accepted(Pod pod) {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .withQosClass(NodeRuntime.qosClass(pod))
        .build();
  }

  /** The scheduler found no node: no startTime and no container statuses, as on a cluster. */
  public static PodStatus unschedulable(Pod pod, Instant now) {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .withQosClass(NodeRuntime.qosClass(pod))
        .withConditions(
            condition(pod, "PodScheduled", false, "Unschedulable", UNSCHEDULABLE_MESSAGE, now))
        .build();
  }

  /** Bound to a node; the kubelet is creating the sandbox and pulling the image. */
  public static PodStatus containerCreating(Pod pod, Instant now) {
    return waitingStatus(
        pod,
        now,
        false,
        new ContainerStateBuilder()
            .withNewWaiting()
            .withReason("ContainerCreating")
            .endWaiting()
            .build());
  }

  /** The sandbox is up but the container cannot start (image pull, config error). */
  public static PodStatus waiting(Pod pod, Instant now, String reason, String message) {
    return waitingStatus(
        pod,
        now,
        true,
        new ContainerStateBuilder()
            .withNewWaiting()
            .withReason(reason)
            .withMessage(message)
            .endWaiting()
            .build());
  }

  public static PodStatus running(Pod pod, Instant now) {
    ContainerState state =
        new ContainerStateBuilder()
            .withNewRunning()
            .withStartedAt(Times.format(now))
            .endRunning()
            .build();
    return scheduled(pod, now, "Running")
        .withPodIP(NodeRuntime.podIp(pod))
        .withPodIPs(new PodIP(NodeRuntime.podIp(pod)))
        .withConditions(
            condition(pod, "PodReadyToStartContainers", true, null, null, now),
            condition(pod, "Initialized", true, null, null, now),
            condition(pod, "Ready", true, null, null, now),
            condition(pod, "ContainersReady", true, null, null, now),
            condition(pod, "PodScheduled", true, null, null, now))
        .withContainerStatuses(containerStatus(pod, true, true, state, true))
        .build();
  }

  /** The container exited: Succeeded for exit code 0, Failed otherwise (restartPolicy Never). */
  public static PodStatus terminated(
      Pod pod, Instant now, int exitCode, String reason, String message) {
    ContainerState state =
        new ContainerStateBuilder()
            .withNewTerminated()
            .withContainerID(NodeRuntime.containerId(pod))
            .withExitCode(exitCode)
            .withReason(reason)
            .withMessage(message)
            .withStartedAt(runningSince(pod).orElse(Times.format(now)))
            .withFinishedAt(Times.format(now))
            .endTerminated()
            .build();
    return finished(pod, now, exitCode == 0 ? "Succeeded" : "Failed", state).build();
  }

  /**
   * The Pod was deleted (deadline, eviction of the node): a running container is killed with
   * SIGKILL (137, "Error"); one that never started is reported as unknown, as the kubelet does.
   * Returns null for a Pod that no kubelet ever had (never scheduled): nobody writes its status.
   */
  public static PodStatus killed(Pod pod, Instant now) {
    if (!isScheduled(pod)) {
      return null;
    }
    if (runningSince(pod).isPresent()) {
      return terminated(pod, now, 137, "Error", null);
    }
    ContainerState unknown =
        new ContainerStateBuilder()
            .withNewTerminated()
            .withExitCode(137)
            .withReason("ContainerStatusUnknown")
            .withMessage(UNKNOWN_CONTAINER_MESSAGE)
            .endTerminated()
            .build();
    return finished(pod, now, "Failed", unknown).build();
  }

  /** Evicted under memory pressure: the Pod fails with reason Evicted and a DisruptionTarget. */
  public static PodStatus evicted(Pod pod, Instant now) {
    PodStatus killed = terminated(pod, now, 137, "Error", null);
    List<PodCondition> conditions = new ArrayList<>();
    conditions.add(
        condition(pod, "DisruptionTarget", true, "TerminationByKubelet", EVICTION_MESSAGE, now));
    conditions.addAll(killed.getConditions());
    return new PodStatusBuilder(killed)
        .withReason("Evicted")
        .withMessage(EVICTION_MESSAGE)
        .withConditions(conditions)
        .build();
  }

  public static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static PodStatus waitingStatus(
      Pod pod, Instant now, boolean sandboxReady, ContainerState state) {
    String unready = "containers with unready status: [" + mainContainer(pod).getName() + "]";
    PodStatusBuilder status = scheduled(pod, now, "Pending");
    if (sandboxReady) {
      status.withPodIP(NodeRuntime.podIp(pod)).withPodIPs(new PodIP(NodeRuntime.podIp(pod)));
    }
    return status
        .withConditions(
            condition(pod, "PodReadyToStartContainers", sandboxReady, null, null, now),
            condition(pod, "Initialized", true, null, null, now),
            condition(pod, "Ready", false, "ContainersNotReady", unready, now),
            condition(pod, "ContainersReady", false, "ContainersNotReady", unready, now),
            condition(pod, "PodScheduled", true, null, null, now))
        .withContainerStatuses(containerStatus(pod, false, false, state, false))
        .build();
  }

  private static PodStatusBuilder finished(
      Pod pod, Instant now, String phase, ContainerState state) {
    String reason = "Succeeded".equals(phase) ? "PodCompleted" : "PodFailed";
    boolean ran = state.getTerminated().getStartedAt() != null;
    return scheduled(pod, now, phase)
        .withPodIP(NodeRuntime.podIp(pod))
        .withPodIPs(new PodIP(NodeRuntime.podIp(pod)))
        .withConditions(
            condition(pod, "PodReadyToStartContainers", false, null, null, now),
            condition(pod, "Initialized", true, null, null, now),
            condition(pod, "Ready", false, reason, null, now),
            condition(pod, "ContainersReady", false, reason, null, now),
            condition(pod, "PodScheduled", true, null, null, now))
        .withContainerStatuses(containerStatus(pod, false, false, state, ran));
  }

  /** The fields every Pod bound to a node has. */
  private static PodStatusBuilder scheduled(Pod pod, Instant now, String phase) {
    String startTime =
        Optional.ofNullable(pod.getStatus()).map(PodStatus::getStartTime).orElse(Times.format(now));
    return new PodStatusBuilder()
        .withPhase(phase)
        .withQosClass(NodeRuntime.qosClass(pod))
        .withHostIP(NodeRuntime.NODE_IP)
        .withHostIPs(new HostIP(NodeRuntime.NODE_IP))
        .withStartTime(startTime);
  }

  private static ContainerStatus containerStatus(
      Pod pod, boolean ready, boolean started, ContainerState state, boolean created) {
    Container container = mainContainer(pod);
    return new ContainerStatusBuilder()
        .withName(container.getName())
        .withImage(container.getImage())
        .withImageID(created ? NodeRuntime.imageId(container.getImage()) : "")
        .withContainerID(created ? NodeRuntime.containerId(pod) : null)
        .withReady(ready)
        .withStarted(started)
        .withRestartCount(0)
        .withState(state)
        .withLastState(new ContainerState())
        .build();
  }

  /** A condition whose lastTransitionTime only moves when its status changes. */
  private static PodCondition condition(
      Pod pod, String type, boolean isTrue, String reason, String message, Instant now) {
    String status = isTrue ? "True" : "False";
    String since =
        previousCondition(pod, type)
            .filter(c -> status.equals(c.getStatus()))
            .map(PodCondition::getLastTransitionTime)
            .orElse(Times.format(now));
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(since)
        .build();
  }

  private static Optional<PodCondition> previousCondition(Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  private static boolean isScheduled(Pod pod) {
    return previousCondition(pod, "PodScheduled")
        .map(c -> "True".equals(c.getStatus()))
        .orElse(false);
  }

  private static Optional<String> runningSince(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .map(ContainerStatus::getState)
        .filter(Objects::nonNull)
        .map(s -> s.getRunning() != null ? s.getRunning().getStartedAt() : null)
        .filter(Objects::nonNull)
        .findFirst();
  }

  private static Container mainContainer(Pod pod) {
    return pod.getSpec().getContainers().get(0);
  }
}
