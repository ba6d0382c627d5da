package dev.terminus.cluster;

import java.util.List;

/**
 * A static token identity of the test control plane (kube-apiserver {@code --token-auth-file}).
 * Every client of the cluster has its own, so that requests can be told apart by user.
 */
public record ClusterIdentity(String user, String token, List<String> groups) {

  /** The cluster administrator: the test driver, helm, kubectl. */
  public static final String ADMIN = "terminus-admin";

  /** kube-controller-manager (every controller shares its credentials). */
  public static final String CONTROLLER_MANAGER = "system:kube-controller-manager";

  /** Argo Workflows' workflow-controller, in the side-by-side benchmark. */
  public static final String ARGO_CONTROLLER = "argo-workflow-controller";

  /** The node agent that plays the kubelet. */
  public static final String NODE_AGENT = "terminus-node-agent";

  /** One line of the token file: token,user,uid,"group1,group2". */
  String csvLine() {
    return token + "," + user + "," + user + ",\"" + String.join(",", groups) + "\"";
  }
}
