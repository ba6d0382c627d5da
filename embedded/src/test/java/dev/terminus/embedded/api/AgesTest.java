package dev.terminus.embedded.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgesTest {

  @Test
  void likeKubectl() {
    assertThat(Ages.human(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(Ages.human(Duration.ofSeconds(119))).isEqualTo("119s");
    assertThat(Ages.human(Duration.ofSeconds(150))).isEqualTo("2m30s");
    assertThat(Ages.human(Duration.ofMinutes(45))).isEqualTo("45m");
    assertThat(Ages.human(Duration.ofMinutes(190))).isEqualTo("3h10m");
    assertThat(Ages.human(Duration.ofHours(30))).isEqualTo("30h");
    assertThat(Ages.human(Duration.ofHours(80))).isEqualTo("3d8h");
    assertThat(Ages.human(Duration.ofDays(400))).isEqualTo("400d");
    assertThat(Ages.human(Duration.ofDays(365 * 3))).isEqualTo("3y");
  }

  @Test
  void fromTimestamps() {
    Instant now = Instant.parse("2026-01-01T00:01:00Z");

    assertThat(Ages.since("2026-01-01T00:00:00Z", now)).isEqualTo("60s");
    assertThat(Ages.since(null, now)).isEqualTo("<unknown>");
    assertThat(Ages.since("yesterday", now)).isEqualTo("<invalid>");
  }
}
