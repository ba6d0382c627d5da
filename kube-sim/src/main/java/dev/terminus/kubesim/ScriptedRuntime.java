package dev.terminus.kubesim;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Plays each Pod's {@link PodPlan}, as its {@link PodScript} chooses it, on a timer. */
public final class ScriptedRuntime implements ContainerRuntime, AutoCloseable {

  /** From bound to the container starting: sandbox and image pull. */
  static final Duration CONTAINER_CREATING = Duration.ofMillis(50);

  private final PodScript script;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "scripted-runtime");
            thread.setDaemon(true);
            return thread;
          });

  public ScriptedRuntime(PodScript script) {
    this.script = script;
  }

  @Override
  public Container start(Pod pod, Reports reports) {
    PodPlan plan = script.planFor(pod);
    Run run = new Run();
    run.next(
        timer.schedule(
            () -> begin(plan, reports, run), millis(CONTAINER_CREATING), TimeUnit.MILLISECONDS));
    return run;
  }

  private void begin(PodPlan plan, Reports reports, Run run) {
    if (plan.ending() == PodPlan.Ending.NEVER_STARTS) {
      reports.waiting(plan.waitingReason(), plan.waitingMessage());
      return;
    }
    reports.running();
    if (plan.ending() != PodPlan.Ending.RUN_FOREVER) {
      run.next(
          timer.schedule(() -> end(plan, reports), millis(plan.runTime()), TimeUnit.MILLISECONDS));
    }
  }

  private static void end(PodPlan plan, Reports reports) {
    switch (plan.ending()) {
      case EXIT ->
          reports.exited(
              plan.exitCode(),
              plan.exitCode() == 0 ? "Completed" : "Error",
              plan.terminationMessage());
      case OOM_KILLED -> reports.exited(137, "OOMKilled", null);
      case EVICTED -> reports.evicted();
      default -> {}
    }
  }

  private static long millis(Duration duration) {
    return Math.max(0, duration.toMillis());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  private static final class Run implements Container {
    private ScheduledFuture<?> next;

    synchronized void next(ScheduledFuture<?> future) {
      next = future;
    }

    @Override
    public synchronized void stop() {
      if (next != null) {
        next.cancel(false);
      }
    }
  }
}
