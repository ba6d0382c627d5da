package dev.terminus.operator.sinks.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutboxTest {
  private static final Backoff FAST = new Backoff(Duration.ofMillis(5), Duration.ofMillis(20));

  /** A store that can be down, and refuses negative numbers. */
  private static final class FlakyStore implements OutboxStore<Integer> {
    final List<Integer> written = new CopyOnWriteArrayList<>();
    final AtomicBoolean down = new AtomicBoolean();

    @Override
    public void apply(List<Integer> items) throws Exception {
      if (down.get()) {
        throw new java.io.IOException("connection refused");
      }
      if (items.stream().anyMatch(i -> i < 0)) {
        throw new IllegalArgumentException("refused");
      }
      written.addAll(items);
    }

    @Override
    public boolean isTransient(Exception failure) {
      return failure instanceof java.io.IOException;
    }
  }

  @Test
  void keepsEveryItemInOrderAcrossAnOutage() {
    FlakyStore store = new FlakyStore();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Outbox<Integer> outbox =
        new Outbox<>("test", 1000, store, (q, c) -> 0, FAST, registry, i -> {})) {
      store.down.set(true);
      IntStream.range(0, 500).forEach(outbox::offer);
      await().until(() -> !outbox.healthy());
      assertThat(outbox.backlog()).isEqualTo(500);
      assertThat(registry.get(Outbox.BACKLOG).tag("sink", "test").gauge().value()).isEqualTo(500);

      store.down.set(false);
      await().atMost(Duration.ofSeconds(5)).until(() -> outbox.backlog() == 0);

      assertThat(store.written).containsExactlyElementsOf(IntStream.range(0, 500).boxed().toList());
      assertThat(outbox.healthy()).isTrue();
      assertThat(registry.get(Outbox.ERRORS).tag("sink", "test").counter().count()).isPositive();
    }
  }

  @Test
  void aRefusedItemIsGivenUpAndTheRestWritten() {
    FlakyStore store = new FlakyStore();
    List<Integer> settled = new CopyOnWriteArrayList<>();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Outbox<Integer> outbox =
        new Outbox<>("test", 1000, store, (q, c) -> 0, FAST, registry, settled::add)) {
      List.of(1, 2, -3, 4).forEach(outbox::offer);
      await().atMost(Duration.ofSeconds(5)).until(() -> settled.size() == 4);

      assertThat(store.written).containsExactly(1, 2, 4);
      assertThat(registry.get(Outbox.DROPPED).tag("sink", "test").counter().count()).isEqualTo(1);
    }
  }

  @Test
  void aQueuedItemAbsorbsNewerOnesOfTheSameKey() {
    FlakyStore store = new FlakyStore();
    store.down.set(true);
    Coalescer<Integer> lastDigitWins =
        new Coalescer<>() {
          @Override
          public String key(Integer item) {
            return item >= 100 ? null : String.valueOf(item % 10);
          }

          @Override
          public boolean absorb(Integer queued, Integer newer) {
            return true;
          }
        };
    try (Outbox<Integer> outbox =
        new Outbox<>(
            "test",
            1000,
            store,
            lastDigitWins,
            (q, c) -> 0,
            FAST,
            new SimpleMeterRegistry(),
            i -> {})) {
      IntStream.range(0, 100).forEach(outbox::offer);
      outbox.offer(100);

      assertThat(outbox.backlog()).isLessThanOrEqualTo(10 + 1 + 10);
      store.down.set(false);
      await().atMost(Duration.ofSeconds(5)).until(() -> outbox.backlog() == 0);
      assertThat(store.written).contains(100).hasSizeLessThanOrEqualTo(21);
    }
  }

  @Test
  void theOverflowPolicyDecidesWhatAFullOutboxGivesUp() {
    FlakyStore store = new FlakyStore();
    store.down.set(true);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Overflow<Integer> dropOldest =
        (queue, capacity) -> {
          int lost = 0;
          while (queue.size() > capacity) {
            queue.pollFirst();
            lost++;
          }
          return lost;
        };
    try (Outbox<Integer> outbox =
        new Outbox<>("test", 10, store, dropOldest, FAST, registry, i -> {})) {
      List<Integer> offered = new ArrayList<>();
      IntStream.range(0, 100)
          .forEach(
              i -> {
                offered.add(i);
                outbox.offer(i);
              });
      assertThat(outbox.backlog()).isLessThanOrEqualTo(10 + 100);
      store.down.set(false);
      await().atMost(Duration.ofSeconds(5)).until(() -> outbox.backlog() == 0);

      assertThat(store.written).endsWith(95, 96, 97, 98, 99).isSubsetOf(offered);
      assertThat(registry.get(Outbox.DROPPED).tag("sink", "test").counter().count())
          .isEqualTo(100 - store.written.size());
    }
  }
}
