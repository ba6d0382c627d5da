package dev.terminus.operator.sinks.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes waiting for one store, in the order they were offered, drained by one background thread.
 *
 * <p>Why: the reconcile must never wait for, or fail because of, a projection (diagnostic H5).
 * {@link #offer} only appends to memory; the drainer writes batches and, when the store is down,
 * keeps the batch and retries it with exponential backoff until the store takes it, so nothing is
 * skipped and the order is kept. A refused item (the store answered, but rejects that item) is
 * logged and dropped so that it cannot block the rest. A sink's {@link Coalescer} may merge a new
 * item into a queued one of the same key; when the queue is still full, its {@link Overflow}
 * decides what to give up. The backlog is a gauge, failures a counter, and a lagging store is
 * logged at most once per {@link #LOG_INTERVAL}.
 */
public final class Outbox<T> implements AutoCloseable {
  public static final String BACKLOG = "terminus.projection.backlog";
  public static final String ERRORS = "terminus.projection.errors";
  public static final String DROPPED = "terminus.projection.dropped";
  static final Duration LOG_INTERVAL = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);
  private static final int MAX_BATCH = 100;

  private final String sink;
  private final int capacity;
  private final OutboxStore<T> store;
  private final Overflow<T> overflow;
  private final Coalescer<T> coalescer;
  private final Map<String, T> queuedByKey = new HashMap<>();
  private final Backoff backoff;
  private final Consumer<T> onSettled;
  private final Deque<T> queue = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Counter errors;
  private final Counter dropped;
  private final RateLimitedLog lagging;
  private final Thread drainer;
  private volatile int inFlight;
  private volatile boolean healthy = true;
  private volatile boolean running = true;
  private int failures;

  /**
   * @param sink the metric label and log name, e.g. {@code postgres}
   * @param onSettled told of every item once it is written or given up, e.g. to end a wait
   */
  public Outbox(
      String sink,
      int capacity,
      OutboxStore<T> store,
      Overflow<T> overflow,
      Backoff backoff,
      MeterRegistry registry,
      Consumer<T> onSettled) {
    this(sink, capacity, store, Coalescer.none(), overflow, backoff, registry, onSettled);
  }

  public Outbox(
      String sink,
      int capacity,
      OutboxStore<T> store,
      Coalescer<T> coalescer,
      Overflow<T> overflow,
      Backoff backoff,
      MeterRegistry registry,
      Consumer<T> onSettled) {
    this.sink = sink;
    this.capacity = capacity;
    this.store = store;
    this.coalescer = coalescer;
    this.overflow = overflow;
    this.backoff = backoff;
    this.onSettled = onSettled;
    Gauge.builder(BACKLOG, this, Outbox::backlog)
        .description("Projection writes not yet in their store")
        .tag("sink", sink)
        .strongReference(true)
        .register(registry);
    this.errors =
        Counter.builder(ERRORS)
            .description("Failed attempts to write projections (each retried)")
            .tag("sink", sink)
            .register(registry);
    this.dropped =
        Counter.builder(DROPPED)
            .description("Projection writes given up: refused by the store, or outbox overflow")
            .tag("sink", sink)
            .register(registry);
    this.lagging = new RateLimitedLog(log, LOG_INTERVAL);
    this.drainer = new Thread(this::drain, "terminus-" + sink + "-outbox");
    drainer.setDaemon(true);
    drainer.start();
  }

  /** Queues an item. Never blocks on the store, never throws because of it. */
  public void offer(T item) {
    lock.lock();
    try {
      if (!absorbed(item)) {
        queue.addLast(item);
        if (queue.size() > capacity) {
          shrink();
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** True when a queued item of the same key took this one in. */
  private boolean absorbed(T item) {
    String key = coalescer.key(item);
    if (key == null) {
      return false;
    }
    T queued = queuedByKey.get(key);
    if (queued != null && coalescer.absorb(queued, item)) {
      return true;
    }
    queuedByKey.put(key, item);
    return false;
  }

  private void shrink() {
    int lost = overflow.shrink(queue, capacity);
    queuedByKey.clear();
    for (T item : queue) {
      String key = coalescer.key(item);
      if (key != null) {
        queuedByKey.put(key, item);
      }
    }
    if (lost > 0) {
      dropped.increment(lost);
      lagging.warn("{} outbox full ({} writes): gave up {} writes", sink, capacity, lost);
    }
  }

  /** Items not yet written: queued plus the batch being written. */
  public int backlog() {
    lock.lock();
    try {
      return queue.size() + inFlight;
    } finally {
      lock.unlock();
    }
  }

  /** False while the store fails; callers then answer "not yet" instead of waiting on it. */
  public boolean healthy() {
    return healthy;
  }

  private void drain() {
    while (running) {
      List<T> batch = take();
      if (!batch.isEmpty()) {
        deliver(batch);
      }
    }
  }

  private List<T> take() {
    lock.lock();
    try {
      if (queue.isEmpty()) {
        changed.await(1, TimeUnit.SECONDS);
      }
      List<T> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
      while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
        T item = queue.pollFirst();
        String key = coalescer.key(item);
        if (key != null) {
          // Taken: from now on it is being written and must not change.
          queuedByKey.remove(key, item);
        }
        batch.add(item);
      }
      inFlight = batch.size();
      return batch;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } finally {
      lock.unlock();
    }
  }

  /** Writes the batch, retrying while the store is down; only returns once it is settled. */
  private void deliver(List<T> batch) {
    while (running) {
      try {
        store.apply(batch);
        settled(batch, batch.size());
        return;
      } catch (Exception e) {
        if (!store.isTransient(e)) {
          deliverOneByOne(batch);
          return;
        }
        if (!pause(e)) {
          break;
        }
      }
    }
    putBack(batch);
  }

  /** A batch was refused: write its items alone, so that only the refused ones are given up. */
  private void deliverOneByOne(List<T> batch) {
    for (int i = 0; i < batch.size(); i++) {
      T item = batch.get(i);
      while (true) {
        try {
          store.apply(List.of(item));
          settled(List.of(item), 1);
          break;
        } catch (Exception e) {
          if (!store.isTransient(e)) {
            log.error("{} refused a projection write; giving it up: {}", sink, store.describe(e));
            dropped.increment();
            settled(List.of(item), 1);
            break;
          }
          if (!pause(e)) {
            putBack(batch.subList(i, batch.size()));
            return;
          }
        }
      }
    }
  }

  private void settled(List<T> items, int count) {
    lock.lock();
    try {
      inFlight = Math.max(0, inFlight - count);
    } finally {
      lock.unlock();
    }
    if (!healthy) {
      log.info("{} projection recovered after {} failed attempts", sink, failures);
    }
    healthy = true;
    failures = 0;
    items.forEach(this::tellSettled);
  }

  private void tellSettled(T item) {
    try {
      onSettled.accept(item);
    } catch (RuntimeException e) {
      log.warn("{} outbox listener failed: {}", sink, e.toString());
    }
  }

  /**
   * Counts a failure, logs the lag (rate-limited) and sleeps the backoff.
   *
   * @return false when the outbox is closing
   */
  private boolean pause(Exception e) {
    healthy = false;
    failures++;
    errors.increment();
    lagging.warn(
        "{} projection unavailable, retrying with backoff; backlog {} writes: {}",
        sink,
        backlog(),
        store.describe(e));
    try {
      Thread.sleep(backoff.delay(failures).toMillis());
      return running;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Returns unwritten items to the front of the queue, in their order. */
  private void putBack(List<T> items) {
    lock.lock();
    try {
      for (int i = items.size() - 1; i >= 0; i--) {
        queue.addFirst(items.get(i));
      }
      inFlight = 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to {@code timeout} for the backlog to be written (skipped while the store is down),
   * then stops the drainer. What is still queued is lost with the process: the custom resource
   * keeps the truth, and the next status write projects the execution's current state again.
   */
  public void close(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (healthy && backlog() > 0 && System.nanoTime() < deadline) {
      sleepQuietly(20);
    }
    running = false;
    drainer.interrupt();
    try {
      drainer.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int left = backlog();
    if (left > 0) {
      log.warn("{} projection stopped with {} writes not applied", sink, left);
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
