package dev.terminus.worker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.terminus.worker.WorkerFailure;
import dev.terminus.worker.WorkerLog;
import dev.terminus.worker.support.TestRedis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Against a real redis-server that requires a password. */
class RedisOutputReaderTest {
  private final WorkerLog log =
      WorkerLog.to(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

  @Test
  void aRefWithoutCredentialsIsReadWithTheWorkersOwnPassword() throws Exception {
    try (TestRedis redis = TestRedis.start("s3cret")) {
      RedisUrl own = RedisUrl.parse(redis.url());
      String ref = new RedisOutputStore(own, "x:fetch:1", log).store("all of it").orElseThrow();
      assertThat(ref).doesNotContain("s3cret");

      assertThat(new RedisOutputReader(Optional.of(own), log).read("fetch", ref))
          .isEqualTo("all of it");
      // Without the password the same ref cannot be read, and the failure says so, typed.
      assertThatThrownBy(() -> new RedisOutputReader(Optional.empty(), log).read("fetch", ref))
          .isInstanceOfSatisfying(
              WorkerFailure.class,
              failure -> assertThat(failure.type()).isEqualTo("InputUnavailable"))
          .hasMessageStartingWith("cannot read the output of upstream node fetch from redis://")
          .hasMessageNotContaining("s3cret");
    }
  }

  @Test
  void aRefToAnythingButAStoredOutputIsRefused() {
    RedisOutputReader reader = new RedisOutputReader(Optional.empty(), log);
    assertThatThrownBy(() -> reader.read("a", "redis://127.0.0.1:6379/terminus:heartbeat:x:a:1"))
        .isInstanceOfSatisfying(
            WorkerFailure.class,
            failure -> assertThat(failure.type()).isEqualTo("InputUnavailable"))
        .hasMessageContaining("not redis://host:port/terminus:output:");
    assertThatThrownBy(() -> reader.read("a", "terminus:output:x:a:1"))
        .isInstanceOf(WorkerFailure.class);
  }
}
