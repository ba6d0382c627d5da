package dev.terminus.worker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisUrlTest {
  @Test
  void parsesHostPortCredentialsAndDatabase() {
    assertThat(RedisUrl.parse("redis://cache"))
        .isEqualTo(new RedisUrl(false, "cache", 6379, Optional.empty(), Optional.empty(), 0));
    assertThat(RedisUrl.parse("rediss://user:p%40ss@cache.svc:6380/2"))
        .isEqualTo(
            new RedisUrl(true, "cache.svc", 6380, Optional.of("user"), Optional.of("p@ss"), 2));
    assertThat(RedisUrl.parse("redis://:pw@h").password()).contains("pw");
    assertThat(RedisUrl.parse("redis://pw@h").password()).contains("pw");
  }

  @Test
  void neverShowsThePassword() {
    RedisUrl url = RedisUrl.parse("redis://user:hunter2@cache:6380/1");

    assertThat(url.toString()).isEqualTo("redis://cache:6380/1").doesNotContain("hunter2");
    assertThat(url.address()).isEqualTo("redis://cache:6380");
  }

  @Test
  void rejectsWhatIsNotARedisUrl() {
    assertThatThrownBy(() -> RedisUrl.parse("http://cache")).hasMessageContaining("scheme");
    assertThatThrownBy(() -> RedisUrl.parse("redis://cache/x")).hasMessageContaining("database");
    assertThatThrownBy(() -> RedisUrl.parse("redis://:hunter2@ca che"))
        .hasMessageNotContaining("hunter2");
  }
}
