package dev.terminus.operator.sinks.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.terminus.operator.sinks.EmbeddedStores;
import dev.terminus.operator.sinks.EventSubscriber;
import dev.terminus.operator.sinks.Runs;
import dev.terminus.operator.sinks.Runs.Write;
import dev.terminus.operator.sinks.TcpProxy;
import dev.terminus.operator.sinks.outbox.Outbox;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Diagnostic H5 for live events: with Redis unreachable, telling the sink stays fast and never
 * throws, the backlog shows, and when Redis is back the events of the outage are published, in
 * order, at least once.
 */
class RedisOutageTest {
  private static final int EXECUTIONS = 20;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /**
   * The sink reaches Redis through a proxy that the test cuts, while the test's subscriber stays
   * connected to Redis itself and so sees every publication.
   */
  @Test
  void H5_eventsOfAnOutageArePublishedInOrderWhenRedisIsReachableAgain() {
    EmbeddedStores.Redis server = EmbeddedStores.redis();
    try (TcpProxy proxy = new TcpProxy(server.port());
        EventSubscriber subscriber = new EventSubscriber(server.url());
        RedisSink sink =
            RedisSink.create(
                "redis://localhost:" + proxy.port(),
                RedisSinkTest.FAST,
                registry,
                Clock.systemUTC())) {
      List<List<Write>> runs = runs(1000);
      String firstUid = uid(runs.get(0));
      Write first = runs.get(0).get(0);
      sink.statusWritten(first.execution(), first.transitions());
      await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.of(firstUid).size() == 2);

      proxy.cut();
      long slowest = projectInterleaved(sink, runs, 1);
      assertThat(sink.deleted(runs.get(5).get(3).execution())).isFalse();
      await().atMost(Duration.ofSeconds(10)).until(() -> errors() > 0);
      assertThat(backlog()).isGreaterThan(0);
      assertThat(slowest).isLessThan(Duration.ofMillis(100).toNanos());

      long restoredAt = System.nanoTime();
      proxy.restore();
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.backlog() == 0);
      long drainMillis = (System.nanoTime() - restoredAt) / 1_000_000;

      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> runs.stream().allMatch(r -> subscriber.sequences(uid(r)).size() == 10));
      for (List<Write> run : runs) {
        assertThat(subscriber.sequences(uid(run)))
            .as("first arrivals of %s", uid(run))
            .containsExactlyElementsOf(RedisSinkTest.expectedSequences(1000));
      }
      System.out.printf(
          "redis outage: %d events queued, %d received (repeats allowed), drained in %d ms%n",
          EXECUTIONS * 10 - 2, subscriber.total(), drainMillis);
    }
  }

  /** A real server restart: the stream then holds every event of the outage, in order. */
  @Test
  void H5_theStreamHoldsTheOutagesEventsInOrderAfterRedisRestarts() {
    EmbeddedStores.Redis server = EmbeddedStores.redis();
    try (RedisSink sink =
        RedisSink.create(server.url(), RedisSinkTest.FAST, registry, Clock.systemUTC())) {
      List<List<Write>> runs = runs(2000);
      Write first = runs.get(0).get(0);
      sink.statusWritten(first.execution(), first.transitions());
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.backlog() == 0);

      server.stop();
      projectInterleaved(sink, runs, 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> errors() > 0);
      server.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.backlog() == 0);

      List<StreamMessage<String, String>> stream = streamAfterRestart(server);
      for (List<Write> run : runs) {
        List<String> sequences = new ArrayList<>(new LinkedHashSet<>(sequencesOf(stream, run)));
        List<String> expected = RedisSinkTest.expectedSequences(2000);
        // The first write was published before the restart, which emptied the server.
        List<String> duringOutage = run == runs.get(0) ? expected.subList(2, 10) : expected;
        assertThat(sequences).containsExactlyElementsOf(duringOutage);
      }
    } finally {
      if (!isUp(server)) {
        server.start();
      }
    }
  }

  private static List<StreamMessage<String, String>> streamAfterRestart(
      EmbeddedStores.Redis server) {
    RedisClient client = RedisClient.create(server.url());
    try (var c = client.connect()) {
      return c.sync().xrange(RedisKeys.STREAM, Range.create("-", "+"));
    } finally {
      client.shutdown();
    }
  }

  private static List<String> sequencesOf(
      List<StreamMessage<String, String>> stream, List<Write> run) {
    return stream.stream()
        .map(StreamMessage::getBody)
        .filter(b -> uid(run).equals(b.get("uid")))
        .map(b -> b.get("sequence"))
        .toList();
  }

  private static boolean isUp(EmbeddedStores.Redis server) {
    RedisClient client = RedisClient.create(server.url());
    try (var c = client.connect()) {
      return "PONG".equals(c.sync().ping());
    } catch (RuntimeException e) {
      return false;
    } finally {
      client.shutdown();
    }
  }

  private static List<List<Write>> runs(long firstVersion) {
    List<List<Write>> runs = new ArrayList<>();
    for (int i = 0; i < EXECUTIONS; i++) {
      runs.add(Runs.diamond(UUID.randomUUID().toString(), "live-" + i, firstVersion));
    }
    return runs;
  }

  private static String uid(List<Write> run) {
    return run.get(0).execution().getMetadata().getUid();
  }

  /** Every write of every run from {@code fromStep} on, as concurrent executions interleave. */
  private static long projectInterleaved(RedisSink sink, List<List<Write>> runs, int fromStep) {
    long slowest = 0;
    for (int step = 0; step < 4; step++) {
      for (int r = 0; r < runs.size(); r++) {
        if (step < fromStep && r == 0) {
          continue;
        }
        Write w = runs.get(r).get(step);
        long t0 = System.nanoTime();
        sink.statusWritten(w.execution(), w.transitions());
        slowest = Math.max(slowest, System.nanoTime() - t0);
      }
    }
    return slowest;
  }

  private double errors() {
    return registry.get(Outbox.ERRORS).tag("sink", "redis").counter().count();
  }

  private double backlog() {
    return registry.get(Outbox.BACKLOG).tag("sink", "redis").gauge().value();
  }
}
