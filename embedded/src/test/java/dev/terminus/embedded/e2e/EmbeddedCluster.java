package dev.terminus.embedded.e2e;

import dev.terminus.cluster.kubectl.Kubectl;
import dev.terminus.embedded.EmbeddedSettings;
import dev.terminus.embedded.EmbeddedTerminus;
import dev.terminus.operator.config.OperatorConfig;
import dev.terminus.operator.config.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Embedded mode for a test class, with kubectl pointed at it. */
final class EmbeddedCluster implements AutoCloseable {

  static final Path EXAMPLES = Path.of(System.getProperty("terminus.examples", "../examples"));
  static final Path WORKER_JAR =
      Path.of(
          System.getProperty("terminus.workerJar", "../worker-image/target/terminus-worker.jar"));

  final EmbeddedTerminus terminus;
  final Kubectl kubectl;
  final Path dir;

  private EmbeddedCluster(EmbeddedTerminus terminus, Kubectl kubectl, Path dir) {
    this.terminus = terminus;
    this.kubectl = kubectl;
    this.dir = dir;
  }

  /**
   * Starts embedded mode; with {@code localRunner} false, Jobs are left to the test; with {@code
   * stores}, embedded PostgreSQL and Redis receive the projections.
   */
  static EmbeddedCluster start(boolean localRunner, boolean stores) throws IOException {
    if (localRunner && !Files.isRegularFile(WORKER_JAR)) {
      throw new AssertionError(
          WORKER_JAR + " is missing: the reactor builds it (worker-image)" + " before this module");
    }
    Path dir = Files.createTempDirectory("terminus-e2e-");
    Path kubeconfig = dir.resolve("kubeconfig");
    EmbeddedTerminus terminus =
        EmbeddedTerminus.start(
            new EmbeddedSettings(
                fastConfig(),
                localRunner,
                stores,
                0,
                kubeconfig,
                WORKER_JAR.toAbsolutePath(),
                dir.resolve("work")));
    return new EmbeddedCluster(terminus, new Kubectl(kubeconfig, dir), dir);
  }

  /**
   * A short resync, so that a test never waits for the default. The deadline grace stays long: the
   * local runner, not the operator's watchdog, must be the one that ends a node at its deadline,
   * even when a busy machine delays the runner by a few seconds.
   */
  static OperatorConfig fastConfig() {
    return OperatorConfig.defaults()
        .with(Setting.RESYNC, Duration.ofSeconds(3))
        .with(Setting.WORKFLOW_NOT_FOUND_TIMEOUT, Duration.ofSeconds(10))
        .with(Setting.DEADLINE_GRACE, Duration.ofSeconds(20))
        .with(Setting.POD_LOST_GRACE, Duration.ofSeconds(5))
        .with(Setting.DELETION_TIMEOUT, Duration.ofSeconds(5));
  }

  /** Stops embedded mode and removes the test's directory (kubeconfig, kubectl cache, logs). */
  @Override
  public void close() {
    terminus.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // left for the system's temporary-file cleanup
    }
  }
}
