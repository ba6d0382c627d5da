package dev.terminus.operator.app;

import dev.terminus.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.concurrent.CountDownLatch;

/** Runs the operator against the cluster of the current kubeconfig or service account. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    OperatorConfig config = OperatorConfig.fromEnvironment(System.getenv());
    KubernetesClient client = new KubernetesClientBuilder().build();
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
    stopped.await();
  }
}
