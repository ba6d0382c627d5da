package dev.terminus.cluster;

import dev.terminus.operator.app.TerminusOperator;
import dev.terminus.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.concurrent.CountDownLatch;

/**
 * One operator replica in its own JVM, as the chart's Deployment runs it: the TERMINUS_* settings
 * of the rendered Deployment, the chart's ServiceAccount token (KUBECONFIG), HOSTNAME as its
 * leader-election identity. Without the /metrics server, so that replicas share the machine.
 */
public final class ReplicaMain {
  static final String USER_AGENT_PREFIX = "terminus-operator/";

  private ReplicaMain() {}

  public static void main(String[] args) throws InterruptedException {
    OperatorConfig config = OperatorConfig.fromEnvironment(System.getenv());
    // The identity in the user agent tells the replicas' requests apart in the audit log.
    Config kube = Config.autoConfigure(null);
    kube.setUserAgent(USER_AGENT_PREFIX + System.getenv("HOSTNAME"));
    KubernetesClient client = new KubernetesClientBuilder().withConfig(kube).build();
    TerminusOperator operator = TerminusOperator.create(client, config).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  client.close();
                  stopped.countDown();
                }));
    System.out.println("replica " + System.getenv("HOSTNAME") + " started");
    stopped.await();
  }
}
