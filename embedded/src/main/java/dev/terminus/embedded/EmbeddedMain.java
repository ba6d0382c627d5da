package dev.terminus.embedded;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.embedded.cluster.MockCluster;
import dev.terminus.operator.config.OperatorConfig;
import dev.terminus.operator.config.ProjectionConfig;
import dev.terminus.operator.config.SecretMask;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code make run}: Terminus with no cluster (see {@link EmbeddedTerminus}). Prints the kubeconfig
 * to export, applies an example and prints its progress until it ends, then stays up for the user
 * to apply more with kubectl. Ctrl-C stops everything, runner processes included.
 */
public final class EmbeddedMain {

  private EmbeddedMain() {}

  public static void main(String[] args) {
    try {
      System.exit(run(Options.parse(List.of(args))));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    } catch (Exception | Error e) {
      // Non-daemon threads (informers) would keep the JVM alive after a failure.
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static int run(Options options) throws Exception {
    if (options.help()) {
      System.out.println(Options.USAGE);
      return 0;
    }
    if (options.localRunner() && !Files.isRegularFile(options.workerJar())) {
      throw new IllegalArgumentException(
          "The reference worker "
              + options.workerJar()
              + " is missing: build it with `mvn -pl worker-image -am package`, or pass"
              + " --worker-jar=FILE (or --runner=none).");
    }
    Logging.quietUnlessAsked(System.getenv());
    EmbeddedTerminus terminus =
        EmbeddedTerminus.start(
            new EmbeddedSettings(
                OperatorConfig.fromEnvironment(System.getenv()),
                options.localRunner(),
                options.stores(),
                options.port(),
                options.kubeconfig(),
                options.workerJar(),
                options.workDir(),
                options.realControlPlane()));
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stop =
        () -> {
          if (stopping.compareAndSet(false, true)) {
            System.out.println("Stopping Terminus embedded mode...");
            terminus.close();
          }
          stopped.countDown();
        };
    // Ctrl-C and SIGTERM stop everything in order (operator, projections, runner, stores) before
    // the JVM's shutdown hooks run: the embedded Redis registers a hook of its own that would
    // otherwise stop the store while the operator's last projections are still being written.
    StopSignals.handle(
        () -> {
          stop.run();
          System.exit(0);
        });
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "terminus-shutdown"));
    printBanner(terminus, options);
    if (options.example() != null) {
      ExampleFollower follower =
          new ExampleFollower(terminus.client(), MockCluster.NAMESPACE, System.out);
      WorkflowExecutionStatus result = follower.follow(follower.apply(options.example()));
      if (options.once()) {
        stop.run(); // in order, before the stores' own shutdown hooks
        return result.phase() == ExecutionPhase.Succeeded ? 0 : 1;
      }
      System.out.println();
      System.out.println(
          "The example has ended. Terminus keeps running: apply more with kubectl;"
              + " press Ctrl-C to stop.");
    } else if (options.once()) {
      stop.run();
      return 0;
    }
    stopped.await();
    return 0;
  }

  private static void printBanner(EmbeddedTerminus terminus, Options options) {
    String kubeconfig = terminus.kubeconfig().toAbsolutePath().toString();
    System.out.println("Terminus embedded mode is running.");
    System.out.println(
        "  Kubernetes API: "
            + terminus.apiUrl()
            + (options.realControlPlane()
                ? " (kube-apiserver, etcd, kube-controller-manager; node agent as kubelet)"
                : " (in-process; kubectl works)"));
    System.out.println(
        "  runner:         "
            + (options.localRunner()
                ? "local processes (worker image = " + options.workerJar() + ")"
                : "none (Jobs are left for you to drive)"));
    ProjectionConfig projections = terminus.projections();
    System.out.println(
        "  PostgreSQL:     "
            + (projections.postgresEnabled()
                ? SecretMask.url(projections.postgresUrl()) + " (execution history)"
                : "none (--stores=none)"));
    System.out.println(
        "  Redis:          "
            + (projections.redisEnabled()
                ? SecretMask.url(projections.redisUrl()) + " (live events: terminus:stream)"
                : "none (--stores=none)"));
    System.out.println("  kubeconfig:     " + kubeconfig);
    System.out.println();
    System.out.println("In another terminal:");
    System.out.println("  export KUBECONFIG=" + kubeconfig);
    System.out.println("  kubectl get wfx");
    System.out.println();
  }
}
