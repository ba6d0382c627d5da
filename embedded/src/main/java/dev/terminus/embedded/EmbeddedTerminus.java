package dev.terminus.embedded;

import dev.terminus.cluster.ClusterIdentity;
import dev.terminus.cluster.ControlPlane;
import dev.terminus.cluster.ControlPlaneBinaries;
import dev.terminus.embedded.api.ApiFront;
import dev.terminus.embedded.cluster.MockCluster;
import dev.terminus.embedded.cluster.OwnerCollector;
import dev.terminus.embedded.runner.LocalProcessRuntime;
import dev.terminus.embedded.runner.LocalRunner;
import dev.terminus.embedded.runner.RunnerSettings;
import dev.terminus.embedded.stores.EmbeddedStores;
import dev.terminus.kubesim.CrdFiles;
import dev.terminus.kubesim.NodeAgent;
import dev.terminus.operator.app.HeartbeatSources;
import dev.terminus.operator.app.TerminusOperator;
import dev.terminus.operator.config.OperatorConfig;
import dev.terminus.operator.config.ProjectionConfig;
import dev.terminus.operator.reconciler.KubernetesEventRecorder;
import dev.terminus.operator.sinks.ProjectionSink;
import dev.terminus.operator.sinks.ProjectionSinks;
import dev.terminus.operator.sinks.SinkTuning;
import dev.terminus.operator.watchdog.HeartbeatSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Terminus with no cluster: the store (fabric8 mock server) with the CRDs, the kubectl-compatible
 * API front, embedded PostgreSQL and Redis for the projections, the local runner (Job controller
 * and kubelet), and the operator, started in that order and stopped in reverse (the operator's last
 * projections are flushed before the stores stop). Used by {@code make run} and by the end-to-end
 * tests.
 */
public final class EmbeddedTerminus implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedTerminus.class);

  private final EmbeddedSettings settings;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private KubernetesClient client;
  private URI apiUrl;
  private ProjectionConfig projections = ProjectionConfig.NONE;
  private Path workDir;
  private boolean temporaryWorkDir;

  private EmbeddedTerminus(EmbeddedSettings settings) {
    this.settings = settings;
  }

  public static EmbeddedTerminus start(EmbeddedSettings settings) throws IOException {
    EmbeddedTerminus terminus = new EmbeddedTerminus(settings);
    try {
      terminus.startAll();
      return terminus;
    } catch (IOException | RuntimeException e) {
      terminus.close();
      throw e;
    }
  }

  private void startAll() throws IOException {
    KubernetesClient operatorClient =
        settings.realControlPlane() ? startControlPlane() : startMockApi();
    OperatorConfig config = settings.operator();
    if (settings.stores()) {
      EmbeddedStores stores = remember(EmbeddedStores.start(config.projections()));
      config = config.with(stores.projections());
    }
    projections = config.projections();
    startOperator(operatorClient, config);
  }

  /** The in-process API: the store, the kubectl front, the local runner, a garbage collector. */
  private KubernetesClient startMockApi() throws IOException {
    MockCluster cluster = remember(MockCluster.start());
    ApiFront front = remember(ApiFront.start(cluster.url(), settings.port()));
    remember(new OwnerCollector(cluster.newClient()).start(settings.operator().resyncPeriod()));
    Kubeconfig.write(settings.kubeconfig(), front.url(), MockCluster.NAMESPACE);
    client = cluster.client();
    apiUrl = front.url();
    if (settings.localRunner()) {
      LocalRunner runner = remember(new LocalRunner(cluster.newClient(), runnerSettings()).start());
      front.setPodLogs(runner.podLogs());
    }
    return cluster.newClient();
  }

  /**
   * The pinned control plane, its files in the work directory: the CRDs installed, the node agent
   * playing the kubelet with local processes; Kubernetes' own controllers do the rest.
   */
  private KubernetesClient startControlPlane() throws IOException {
    RunnerSettings runner = runnerSettings();
    ControlPlane plane =
        remember(
            ControlPlane.start(ControlPlaneBinaries.locate(), workDir.resolve("control-plane")));
    ClusterIdentity admin = plane.identity(ClusterIdentity.ADMIN);
    Files.createDirectories(settings.kubeconfig().toAbsolutePath().getParent());
    Files.copy(
        plane.kubeconfig("admin", admin.token(), MockCluster.NAMESPACE),
        settings.kubeconfig(),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    client = remember(plane.client(admin, "terminus-demo"));
    apiUrl = URI.create(plane.serverUrl());
    CrdFiles.awaitEstablished(client, CrdFiles.installAll(client), Duration.ofSeconds(30));
    if (settings.localRunner()) {
      KubernetesClient kubelet =
          remember(plane.client(plane.identity(ClusterIdentity.NODE_AGENT), "terminus-node-agent"));
      remember(
          new NodeAgent(kubelet, "terminus-node-0", new LocalProcessRuntime(kubelet, runner))
              .start());
    }
    return remember(plane.client(admin, "terminus-operator"));
  }

  /** The operator with its projections, as {@code Main} assembles it, on a client of its own. */
  private void startOperator(KubernetesClient client, OperatorConfig config) {
    Clock clock = Clock.systemUTC();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ProjectionSink sink =
        remember(ProjectionSinks.create(config.projections(), SinkTuning.DEFAULT, registry, clock));
    HeartbeatSource heartbeats = HeartbeatSources.forNodesOf(config.projections());
    if (heartbeats instanceof AutoCloseable closeable) {
      remember(closeable);
    }
    remember(
        TerminusOperator.create(
                client,
                config,
                heartbeats,
                new KubernetesEventRecorder(client),
                registry,
                sink,
                clock)
            .start());
  }

  private RunnerSettings runnerSettings() throws IOException {
    temporaryWorkDir = settings.workDir() == null;
    workDir =
        temporaryWorkDir
            ? Files.createTempDirectory("terminus-embedded-")
            : Files.createDirectories(settings.workDir());
    return new RunnerSettings(
        settings.operator().workerImage(),
        settings.workerJar(),
        RunnerSettings.currentJava(),
        workDir);
  }

  /** The API kubectl talks to. */
  public URI apiUrl() {
    return apiUrl;
  }

  /** The store's own client (fabric8, straight to the mock), for code that needs no kubectl. */
  public KubernetesClient client() {
    return client;
  }

  /** Where executions are projected: the embedded stores, the environment's, or none. */
  public ProjectionConfig projections() {
    return projections;
  }

  public Path kubeconfig() {
    return settings.kubeconfig();
  }

  public EmbeddedSettings settings() {
    return settings;
  }

  /** Stops the operator, the runner (killing its processes), the API and the store. */
  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      AutoCloseable next = started.pop();
      try {
        next.close();
      } catch (Exception e) {
        LOG.warn("Stopping {} failed", next.getClass().getSimpleName(), e);
      }
    }
    if (temporaryWorkDir && workDir != null) {
      deleteTree(workDir);
    }
  }

  private <T extends AutoCloseable> T remember(T component) {
    started.push(component);
    return component;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("Could not remove {}", root, e);
    }
  }
}
