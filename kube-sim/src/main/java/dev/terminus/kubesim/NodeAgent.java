package dev.terminus.kubesim;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the kubelet (and, with no kube-scheduler, the binder) of one node beside a real API server
 * and Job controller: registers the node, binds every unscheduled Pod to it, plays each Pod's
 * {@link PodPlan} by writing the status the kubelet writes (through the status subresource), and
 * honours graceful deletion as the kubelet does: the container is killed, the Pod reported
 * terminal, then deleted with grace period 0.
 *
 * <p>What a Pod's container does is its {@link ContainerRuntime}'s: scripted outcomes in tests,
 * local processes for a demo.
 */
public final class NodeAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);

  private final KubernetesClient client;
  private final String nodeName;
  private final ContainerRuntime runtime;
  private final StatusWriter statuses;
  private final Clock clock;
  private final ScheduledExecutorService timeline;
  private final Map<String, PodRun> runs = new ConcurrentHashMap<>();
  private SharedIndexInformer<Pod> informer;
  private volatile java.util.function.Consumer<Pod> onTerminal = pod -> {};

  /** Called with each Pod right after its terminal status is written (benchmarks time it). */
  public NodeAgent onTerminal(java.util.function.Consumer<Pod> listener) {
    this.onTerminal = listener;
    return this;
  }

  public NodeAgent(KubernetesClient client, String nodeName, ContainerRuntime runtime) {
    this.client = client;
    this.nodeName = nodeName;
    this.runtime = runtime;
    this.statuses = new StatusWriter(client);
    this.clock = Clock.systemUTC();
    this.timeline =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread thread = new Thread(r, "node-agent-" + nodeName);
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Registers the node (Ready) and starts watching Pods in every namespace. */
  public NodeAgent start() {
    register();
    informer = client.pods().inAnyNamespace().inform(handler(), 0);
    return this;
  }

  private void register() {
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(nodeName)
            .addToLabels("kubernetes.io/hostname", nodeName)
            .addToLabels("kubernetes.io/os", "linux")
            .endMetadata()
            .build();
    Node stored;
    try {
      stored = client.nodes().resource(node).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      stored = client.nodes().withName(nodeName).get();
    }
    Map<String, Quantity> capacity =
        Map.of(
            "cpu", new Quantity("16"), "memory", new Quantity("64Gi"), "pods", new Quantity("250"));
    String now = Times.format(clock.instant());
    stored.setStatus(
        new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
            .withCapacity(capacity)
            .withAllocatable(capacity)
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .withReason("KubeletReady")
            .withMessage("kubelet is posting ready status")
            .withLastHeartbeatTime(now)
            .withLastTransitionTime(now)
            .endCondition()
            .addNewAddress()
            .withType("InternalIP")
            .withAddress(NodeRuntime.NODE_IP)
            .endAddress()
            .build());
    client.nodes().resource(stored).updateStatus();
  }

  private ResourceEventHandler<Pod> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        timeline.execute(() -> observe(pod));
      }

      @Override
      public void onUpdate(Pod before, Pod after) {
        timeline.execute(() -> observe(after));
      }

      @Override
      public void onDelete(Pod pod, boolean finalStateUnknown) {
        // Gone for good: forget it, so that a long-running agent holds only live Pods.
        PodRun run = runs.remove(pod.getMetadata().getUid());
        if (run != null) {
          run.cancel();
        }
      }
    };
  }

  private void observe(Pod pod) {
    try {
      String uid = pod.getMetadata().getUid();
      PodRun run = runs.computeIfAbsent(uid, u -> new PodRun());
      synchronized (run) {
        step(pod, run);
      }
    } catch (RuntimeException e) {
      LOG.warn("node agent: Pod {} not handled: {}", pod.getMetadata().getName(), e.toString());
    }
  }

  private void step(Pod pod, PodRun run) {
    String boundTo = pod.getSpec().getNodeName();
    boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
    if (boundTo == null) {
      if (!deleting && !run.bound) {
        run.bound = true;
        bind(pod);
      }
      return;
    }
    if (!nodeName.equals(boundTo)) {
      return;
    }
    if (deleting) {
      if (!run.killed) {
        run.killed = true;
        run.cancel();
        kill(pod);
      }
      return;
    }
    if (!run.started && !Kubelet.isTerminal(pod)) {
      run.started = true;
      start(pod, run);
    }
  }

  private void bind(Pod pod) {
    try {
      client
          .bindings()
          .inNamespace(pod.getMetadata().getNamespace())
          .resource(
              new BindingBuilder()
                  .withNewMetadata()
                  .withName(pod.getMetadata().getName())
                  .withUid(pod.getMetadata().getUid())
                  .endMetadata()
                  .withNewTarget()
                  .withKind("Node")
                  .withApiVersion("v1")
                  .withName(nodeName)
                  .endTarget()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT
          && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
    }
  }

  private void start(Pod pod, PodRun run) {
    Pod creating = write(pod, p -> Kubelet.containerCreating(p, clock.instant()));
    run.container(runtime.start(creating == null ? pod : creating, reports(pod)));
  }

  /**
   * Each report of the runtime becomes the Pod status the kubelet would write, on the runtime's
   * thread, so that a container's reports are written in the order they were made.
   */
  private ContainerRuntime.Reports reports(Pod pod) {
    return new ContainerRuntime.Reports() {
      @Override
      public void running() {
        write(pod, p -> Kubelet.running(p, clock.instant()));
      }

      @Override
      public void waiting(String reason, String message) {
        write(pod, p -> Kubelet.waiting(p, clock.instant(), reason, message));
      }

      @Override
      public void exited(int exitCode, String reason, String message) {
        terminal(
            write(pod, p -> Kubelet.terminated(p, clock.instant(), exitCode, reason, message)));
      }

      @Override
      public void evicted() {
        terminal(write(pod, p -> Kubelet.evicted(p, clock.instant())));
      }
    };
  }

  private void terminal(Pod written) {
    if (written != null && Kubelet.isTerminal(written)) {
      onTerminal.accept(written);
    }
  }

  /** The kubelet's answer to a graceful deletion: kill, report terminal, delete for good. */
  private void kill(Pod pod) {
    statuses.updatePodStatus(
        pod, p -> Kubelet.isTerminal(p) ? null : Kubelet.killed(p, clock.instant()));
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .withGracePeriod(0)
          .delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
    }
  }

  /**
   * Writes a status unless the Pod is already terminal or being deleted (the kill path owns it).
   */
  private Pod write(Pod pod, Function<Pod, PodStatus> change) {
    try {
      return statuses.updatePodStatus(
          pod,
          p ->
              Kubelet.isTerminal(p) || p.getMetadata().getDeletionTimestamp() != null
                  ? null
                  : change.apply(p));
    } catch (KubernetesClientException e) {
      LOG.warn(
          "node agent: status of {} not written: {}", pod.getMetadata().getName(), e.toString());
      return null;
    }
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    timeline.shutdownNow();
  }

  /** What the agent did with one Pod; guarded by its own monitor. */
  private static final class PodRun {
    private boolean bound;
    private boolean started;
    private boolean killed;
    private ContainerRuntime.Container container;

    synchronized void container(ContainerRuntime.Container started) {
      container = started;
    }

    synchronized void cancel() {
      if (container != null) {
        container.stop();
      }
    }
  }
}
