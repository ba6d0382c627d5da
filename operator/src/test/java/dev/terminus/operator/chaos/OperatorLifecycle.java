package dev.terminus.operator.chaos;

import dev.terminus.operator.app.TerminusOperator;
import dev.terminus.operator.config.OperatorConfig;
import dev.terminus.operator.harness.TestCluster;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator under test, which the chaos can kill and start again. Each instance gets a client of
 * its own, closed with it, so that nothing of a stopped instance lives on.
 *
 * <p>The clients do not retry failed requests: fabric8 retries a 5xx answer itself (up to ten
 * times, with backoff), which would hide every injected API error from the operator. Without
 * retries an injected error reaches the reconciler, as a persistent outage would on a real cluster.
 */
final class OperatorLifecycle implements AutoCloseable {

  /** A time the operator was down: from stop to the next start. */
  record Outage(Instant from, Instant to) {
    Duration length() {
      return Duration.between(from, to);
    }

    boolean overlaps(Instant start, Instant end) {
      return from.isBefore(end) && to.isAfter(start);
    }
  }

  private final TestCluster cluster;
  private final OperatorConfig config;
  private final List<Outage> outages = new ArrayList<>();
  private long refusedByStoppedInstances;
  private KubernetesClient client;
  private TerminusOperator operator;

  private OperatorLifecycle(TestCluster cluster, OperatorConfig config) {
    this.cluster = cluster;
    this.config = config;
  }

  static OperatorLifecycle start(TestCluster cluster, OperatorConfig config) {
    OperatorLifecycle lifecycle = new OperatorLifecycle(cluster, config);
    lifecycle.startInstance();
    return lifecycle;
  }

  /** Stops the running instance, waits {@code downtime}, and starts a new one. */
  synchronized void restart(Duration downtime) throws InterruptedException {
    Instant stoppedAt = Instant.now();
    stopInstance();
    try {
      Thread.sleep(downtime.toMillis());
    } finally {
      startInstance();
      outages.add(new Outage(stoppedAt, Instant.now()));
    }
  }

  /** Refused transitions of every instance so far; zero in a healthy operator. */
  synchronized long refusedTransitions() {
    return refusedByStoppedInstances + (operator == null ? 0 : operator.refusedTransitions());
  }

  synchronized List<Outage> outages() {
    return List.copyOf(outages);
  }

  /** Operator downtime between {@code start} and {@code end}. */
  synchronized Duration downtimeBetween(Instant start, Instant end) {
    return outages.stream()
        .filter(o -> o.overlaps(start, end))
        .map(Outage::length)
        .reduce(Duration.ZERO, Duration::plus);
  }

  @Override
  public synchronized void close() {
    stopInstance();
  }

  private void startInstance() {
    client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(cluster.config()).withRequestRetryBackoffLimit(0).build())
            .build();
    operator = TerminusOperator.create(client, config).start();
  }

  private void stopInstance() {
    if (operator == null) {
      return;
    }
    try {
      operator.close();
    } finally {
      refusedByStoppedInstances += operator.refusedTransitions();
      operator = null;
      client.close();
      client = null;
    }
  }
}
