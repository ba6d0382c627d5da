package dev.terminus.cluster;

import dev.terminus.cluster.kubectl.Kubectl;
import dev.terminus.cluster.kubectl.KubectlScenarios;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The kubectl scenarios on the real control plane, with the kubectl built beside it. */
@ExtendWith(RealClusterExtension.class)
class KubectlOnRealClusterTest extends KubectlScenarios {

  private static Kubectl kubectl;

  @BeforeAll
  static void setUp(RealCluster cluster) throws IOException {
    cluster.ensureOperator();
    String namespace = cluster.namespace("kubectl", PodScripts.SHELL);
    Path dir = Files.createDirectories(cluster.plane().dir().resolve("kubectl-" + namespace));
    Path kubeconfig =
        cluster
            .plane()
            .kubeconfig(
                "kubectl-" + namespace,
                cluster.plane().identity(ClusterIdentity.ADMIN).token(),
                namespace);
    kubectl = new Kubectl(cluster.kubectl().toString(), kubeconfig, dir);
  }

  @Override
  protected Kubectl kubectl() {
    return kubectl;
  }
}
