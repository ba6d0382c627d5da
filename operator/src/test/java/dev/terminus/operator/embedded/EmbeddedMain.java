package dev.terminus.operator.embedded;

import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.operator.app.TerminusOperator;
import dev.terminus.operator.config.OperatorConfig;
import dev.terminus.operator.harness.Behaviour;
import dev.terminus.operator.harness.FakeJobController;
import dev.terminus.operator.harness.Script;
import dev.terminus.operator.harness.TestCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * {@code make run}: Terminus on its embedded defaults. Starts an in-process Kubernetes API (the
 * fabric8 mock server in CRUD mode) with the CRDs, a simulated Job controller and kubelet (every
 * node "runs" for two seconds and succeeds), and the operator; applies an example and prints its
 * progress until it ends; then stays up until Ctrl-C.
 *
 * <p>Arguments: {@code --example=FILE} (default examples/diamond-workflow.yaml), {@code --once}
 * (exit when the example ends: status 0 if it succeeded).
 */
public final class EmbeddedMain {
  private EmbeddedMain() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Exception | Error e) {
      // Non-daemon threads (informers) would keep the JVM alive after a failure.
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    Path example = Path.of(option(args, "--example=", "examples/diamond-workflow.yaml"));
    boolean once = List.of(args).contains("--once");
    TestCluster cluster = TestCluster.start();
    FakeJobController jobs =
        new FakeJobController(
                cluster.newClient(),
                Script.always(
                    Behaviour.succeedAfter(Duration.ofSeconds(2))
                        .withTerminationMessage("{\"status\":\"succeeded\",\"output\":\"ok\"}")))
            .start();
    OperatorConfig config = OperatorConfig.fromEnvironment(System.getenv());
    TerminusOperator operator = TerminusOperator.create(cluster.newClient(), config).start();
    Runnable shutdown =
        () -> {
          operator.close();
          jobs.close();
          cluster.close();
        };
    Runtime.getRuntime().addShutdownHook(new Thread(shutdown));
    System.out.println(
        "Terminus is running against an in-process Kubernetes API at "
            + cluster.config().getMasterUrl());
    String execution = apply(cluster.client(), example);
    WorkflowExecutionStatus result = follow(cluster.client(), execution);
    if (once) {
      System.exit(result.phase().name().equals("Succeeded") ? 0 : 1);
    }
    System.out.println("The example has ended. Terminus keeps running; press Ctrl-C to stop.");
    new CountDownLatch(1).await();
  }

  /** Creates every object of the file; returns the name of the (last) execution in it. */
  private static String apply(KubernetesClient client, Path file) throws IOException {
    String execution = null;
    try (InputStream in = new FileInputStream(file.toFile())) {
      for (HasMetadata item : client.load(in).items()) {
        client.resource(item).inNamespace(TestCluster.NAMESPACE).createOr(c -> c.update());
        System.out.println("applied " + item.getKind() + "/" + item.getMetadata().getName());
        if ("WorkflowExecution".equals(item.getKind())) {
          execution = item.getMetadata().getName();
        }
      }
    }
    return Objects.requireNonNull(execution, file + " holds no WorkflowExecution");
  }

  /** Prints each change of phase and progress until the execution is terminal. */
  private static WorkflowExecutionStatus follow(KubernetesClient client, String name)
      throws InterruptedException {
    String last = "";
    while (true) {
      WorkflowExecution wfx = client.resources(WorkflowExecution.class).withName(name).get();
      WorkflowExecutionStatus s = wfx == null ? null : wfx.getStatus();
      if (s != null && s.phase() != null) {
        String line =
            String.format("%-16s %-10s %-8s %s", name, s.phase(), s.progress(), s.reason());
        if (!line.equals(last)) {
          System.out.println(line);
          last = line;
        }
        if (s.phase().isTerminal()) {
          return s;
        }
      }
      Thread.sleep(250);
    }
  }

  private static String option(String[] args, String prefix, String fallback) {
    for (String a : args) {
      if (a.startsWith(prefix)) {
        return a.substring(prefix.length());
      }
    }
    return fallback;
  }
}
