package dev.terminus.kubesim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** What a simulated controller needs of its informers: to start them synced, and add/delete. */
public final class Informers {
  private Informers() {}

  /** Starts the informer and waits, at most {@code bound}, until its cache holds the list. */
  public static void startSynced(SharedIndexInformer<?> informer, Duration bound) {
    try {
      informer.start().toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Informer did not sync", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }

  /**
   * A handler for additions and deletions only: a simulated controller writes the status changes
   * itself, and reads anything else it needs from the informer's cache.
   */
  public static <T extends HasMetadata> ResourceEventHandler<T> onAddAndDelete(
      Consumer<T> onAdd, Consumer<T> onDelete) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T resource) {
        onAdd.accept(resource);
      }

      @Override
      public void onUpdate(T before, T after) {
        // Ignored: see above.
      }

      @Override
      public void onDelete(T resource, boolean finalStateUnknown) {
        onDelete.accept(resource);
      }
    };
  }
}
