package dev.terminus.operator.reconciler;

import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds back status writes that can wait ({@link StatusChanges#canWait}): such a write waits until
 * {@link #INTERVAL} after the execution's previous write. A Pod being scheduled, its container
 * created and started, which a real cluster reports as several events within seconds, then cost one
 * write; a node that ends within the interval costs none for its progress; parallel nodes that
 * succeed within the interval share one write. Writes that cannot wait (a Job started, a failure,
 * the execution's end) are never held back, so scheduling and failure detection are not delayed.
 *
 * <p>What is held back is re-derived from the cluster at the next evaluation, with one exception:
 * the name of a Pod that appeared is recorded with the next write, so a Pod that vanishes within
 * the interval, its Job left active by its controller, is caught by the pending timeout rather than
 * by the PodLost grace.
 *
 * <p>Only the time of each execution's last write is kept, in memory: after a restart, progress is
 * written at once. Entries older than the interval carry nothing and are dropped (at most once per
 * interval, once there are many).
 */
final class DeferredWrites {

  /**
   * At most one write that could wait per execution per interval. Kubernetes' Job controller
   * batches Pod events for a second; Argo requeues a workflow after ten. Three seconds merge a
   * Pod's scheduling, container creation and start (image pulls take seconds) into one write, while
   * people see a node Running at most three seconds late; nothing that decides waits.
   */
  static final Duration INTERVAL = Duration.ofSeconds(3);

  private static final int PRUNE_ABOVE = 1024;

  private final Map<ResourceID, Instant> lastWrite = new ConcurrentHashMap<>();
  private final AtomicReference<Instant> lastPrune = new AtomicReference<>(Instant.MIN);

  /**
   * When the change from {@code current} to {@code next} may be written: empty for now, or the
   * instant to look again.
   */
  Optional<Instant> holdUntil(
      ResourceID execution,
      WorkflowExecutionStatus current,
      WorkflowExecutionStatus next,
      Instant now) {
    Instant last = lastWrite.get(execution);
    if (last == null || !StatusChanges.canWait(current, next)) {
      return Optional.empty();
    }
    Instant allowed = last.plus(INTERVAL);
    return now.isBefore(allowed) ? Optional.of(allowed) : Optional.empty();
  }

  /** The execution's status was written at {@code now}. */
  void written(ResourceID execution, Instant now) {
    lastWrite.put(execution, now);
    Instant pruned = lastPrune.get();
    if (lastWrite.size() > PRUNE_ABOVE
        && now.isAfter(pruned.plus(INTERVAL))
        && lastPrune.compareAndSet(pruned, now)) {
      Instant stale = now.minus(INTERVAL);
      lastWrite.values().removeIf(at -> at.isBefore(stale));
    }
  }

  /** The execution is gone: nothing to hold back any more. */
  void forget(ResourceID execution) {
    lastWrite.remove(execution);
  }
}
