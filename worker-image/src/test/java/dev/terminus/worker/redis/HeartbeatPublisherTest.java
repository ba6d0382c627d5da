package dev.terminus.worker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.worker.WorkerLog;
import dev.terminus.worker.support.Ports;
import dev.terminus.worker.support.TestRedis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeartbeatPublisherTest {
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final WorkerLog workerLog =
      WorkerLog.to(new PrintStream(log, true, StandardCharsets.UTF_8));

  @Test
  void beatsEveryIntervalWithEpochMillisExpiringAfterSixIntervals() throws Exception {
    try (TestRedis redis = TestRedis.start();
        RespClient client = redis.client()) {
      String key = "terminus:heartbeat:uid-1:fetch:1";
      long first;
      try (HeartbeatPublisher heartbeat =
          new HeartbeatPublisher(
              RedisUrl.parse(redis.url()),
              "uid-1:fetch:1",
              Duration.ofSeconds(1),
              Clock.systemUTC(),
              workerLog)) {
        assertThat(heartbeat.key()).isEqualTo(key);
        heartbeat.start();
        first = Long.parseLong(awaitKey(client, key));
        Thread.sleep(2000); // about two more intervals
      }
      long last = Long.parseLong(client.get(key).orElseThrow());

      assertThat(last - first).as("the beat moved on").isBetween(900L, 2600L);
      assertThat(System.currentTimeMillis() - last).isLessThan(2000L);
      // Six intervals after the last beat, which was under two seconds ago.
      assertThat(client.pttl(key)).isBetween(3500L, 6000L);
    }
    assertThat(log.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  private static String awaitKey(RespClient client, String key) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> value = client.get(key);
      if (value.isPresent()) {
        return value.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no heartbeat under " + key);
  }

  @Test
  void aRedisThatIsDownIsLoggedOnceAndNeverThrows() throws Exception {
    RedisUrl nowhere = RedisUrl.parse("redis://127.0.0.1:" + Ports.closed());

    try (HeartbeatPublisher heartbeat =
        new HeartbeatPublisher(
            nowhere, "e:n:1", Duration.ofMillis(200), Clock.systemUTC(), workerLog)) {
      heartbeat.start();
      Thread.sleep(1000);
    }

    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged)
        .contains("heartbeat to redis://127.0.0.1:")
        .contains("failed (the node goes on)");
    assertThat(logged.lines().count()).isEqualTo(1);
  }
}
