package dev.terminus.embedded;

import dev.terminus.operator.config.OperatorConfig;
import java.nio.file.Path;

/**
 * What embedded mode starts.
 *
 * @param operator the operator's configuration
 * @param localRunner run Jobs as local processes; false leaves Jobs untouched ({@code
 *     --runner=none}), for a person or a test to write Job and Pod status
 * @param stores start embedded PostgreSQL and Redis for the projections the operator's
 *     configuration does not already point at
 * @param port the API's port on 127.0.0.1; 0 for any free port
 * @param kubeconfig where the kubeconfig is written
 * @param workerJar the reference worker jar the runner starts for the worker image
 * @param workDir the runner's directory for Pod logs and files; null for a temporary one, removed
 *     when embedded mode stops
 * @param realControlPlane run on the pinned kube-apiserver, etcd and kube-controller-manager (built
 *     by controlplane/build.sh when missing) with the node agent as kubelet, instead of the
 *     in-process API ({@code --api=kube-apiserver})
 */
public record EmbeddedSettings(
    OperatorConfig operator,
    boolean localRunner,
    boolean stores,
    int port,
    Path kubeconfig,
    Path workerJar,
    Path workDir,
    boolean realControlPlane) {

  /** On the in-process API. */
  public EmbeddedSettings(
      OperatorConfig operator,
      boolean localRunner,
      boolean stores,
      int port,
      Path kubeconfig,
      Path workerJar,
      Path workDir) {
    this(operator, localRunner, stores, port, kubeconfig, workerJar, workDir, false);
  }
}
