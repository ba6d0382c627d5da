package dev.terminus.embedded.e2e;

import dev.terminus.cluster.kubectl.Kubectl;
import dev.terminus.cluster.kubectl.KubectlScenarios;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The kubectl scenarios the real control plane passes ({@code KubectlOnRealClusterTest}), on
 * embedded mode's in-process API with the local runner: {@code make run} behaves as Kubernetes.
 */
class KubectlOnEmbeddedApiTest extends KubectlScenarios {

  private static EmbeddedCluster cluster;

  @BeforeAll
  static void start() throws IOException {
    cluster = EmbeddedCluster.start(true, false);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected Kubectl kubectl() {
    return cluster.kubectl;
  }
}
