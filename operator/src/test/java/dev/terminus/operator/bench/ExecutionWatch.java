package dev.terminus.operator.bench;

import dev.terminus.crd.v1alpha1.WorkflowExecution;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The benchmark's view of executions: one informer (a watch, no polling of the API server), so that
 * waiting costs the server next to nothing.
 */
final class ExecutionWatch implements AutoCloseable {

  private static final long POLL_MILLIS = 20;

  private final SharedIndexInformer<WorkflowExecution> informer;

  ExecutionWatch(KubernetesClient client) {
    this.informer = client.resources(WorkflowExecution.class).inAnyNamespace().inform();
  }

  WorkflowExecution get(String namespace, String name) {
    return informer.getStore().getByKey(namespace + "/" + name);
  }

  /** Waits until every named execution (in {@code namespace}) satisfies {@code condition}. */
  void awaitAll(
      String namespace,
      Collection<String> names,
      Predicate<WorkflowExecution> condition,
      Duration timeout)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!names.stream().allMatch(n -> matches(namespace, n, condition))) {
      if (System.nanoTime() > deadline) {
        long done = names.stream().filter(n -> matches(namespace, n, condition)).count();
        throw new TimeoutException(
            "after " + timeout + " only " + done + " of " + names.size() + " executions are done");
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private boolean matches(String namespace, String name, Predicate<WorkflowExecution> condition) {
    WorkflowExecution wfx = get(namespace, name);
    return wfx != null && condition.test(wfx);
  }

  @Override
  public void close() {
    informer.close();
  }
}
