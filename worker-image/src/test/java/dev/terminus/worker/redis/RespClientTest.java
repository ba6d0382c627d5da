package dev.terminus.worker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.terminus.worker.support.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Against a real redis-server. */
class RespClientTest {
  @Test
  void setsWithExpiryAndGetsBack() throws Exception {
    try (TestRedis redis = TestRedis.start();
        RespClient client = redis.client()) {
      client.ping();
      String value = "ünïcode\r\nand lines";
      client.setWithExpiry("k", value, Duration.ofSeconds(60));

      assertThat(client.get("k")).contains(value);
      assertThat(client.get("absent")).isEmpty();
      assertThat(client.pttl("k")).isBetween(1L, 60_000L);
    }
  }

  @Test
  void authenticatesAndSelectsTheDatabaseOfTheUrl() throws Exception {
    try (TestRedis redis = TestRedis.start("s3cret")) {
      try (RespClient client =
          RespClient.connect(RedisUrl.parse(redis.url() + "/3"), Duration.ofSeconds(5))) {
        client.setWithExpiry("in-db-3", "v", Duration.ofSeconds(60));
      }
      try (RespClient db0 = redis.client()) {
        assertThat(db0.get("in-db-3")).isEmpty();
        assertThat(db0.call("SELECT", "3")).isEqualTo("OK");
        assertThat(db0.get("in-db-3")).contains("v");
      }
      String wrong = redis.url().replace("s3cret", "wrong");
      assertThatThrownBy(() -> RespClient.connect(RedisUrl.parse(wrong), Duration.ofSeconds(5)))
          .isInstanceOf(RedisException.class)
          .hasMessageNotContaining("wrong");
    }
  }
}
