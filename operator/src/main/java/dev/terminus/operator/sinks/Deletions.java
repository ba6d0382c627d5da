package dev.terminus.operator.sinks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The deletion writes a sink has queued, by execution uid. The reconciler calls {@code deleted()}
 * again every few seconds until it answers true; this makes those calls wait on the one write
 * queued by the first call instead of queuing one each time.
 */
public final class Deletions {
  /** Above this many entries, finished ones are forgotten (executions released meanwhile). */
  private static final int FORGET_ABOVE = 1_000;

  private final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

  /**
   * @param enqueue queues the deletion write and returns its completion; called once per uid
   * @param wait how long to wait for it; zero when the store is known to be down
   * @return true once the deletion write of {@code uid} is done
   */
  public boolean done(String uid, Supplier<CompletableFuture<Void>> enqueue, Duration wait) {
    if (pending.size() > FORGET_ABOVE) {
      pending.values().removeIf(CompletableFuture::isDone);
    }
    CompletableFuture<Void> write = pending.computeIfAbsent(uid, k -> enqueue.get());
    if (!write.isDone() && !wait.isZero()) {
      awaitQuietly(write, wait);
    }
    if (write.isDone()) {
      pending.remove(uid, write);
      return true;
    }
    return false;
  }

  private static void awaitQuietly(CompletableFuture<Void> write, Duration wait) {
    try {
      write.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // not done yet: the caller answers false and is asked again
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
