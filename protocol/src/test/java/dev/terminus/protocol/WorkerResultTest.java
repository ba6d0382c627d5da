package dev.terminus.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerResultTest {

  @Test
  void readsTruncatedAndOutputRef() {
    WorkerResult r =
        WorkerResult.parse(
                "{\"status\":\"succeeded\",\"output\":\"abc\",\"truncated\":true,"
                    + "\"outputRef\":\"redis://cache:6379/terminus:output:uid-1:a:1\"}")
            .orElseThrow();
    assertThat(r.failed()).isFalse();
    assertThat(r.output()).isEqualTo("abc");
    assertThat(r.truncated()).isTrue();
    assertThat(r.outputRef()).isEqualTo("redis://cache:6379/terminus:output:uid-1:a:1");
  }

  @Test
  void aCompleteOutputHasNeither() {
    WorkerResult r =
        WorkerResult.parse("{\"status\":\"succeeded\",\"output\":\"abc\"}").orElseThrow();
    assertThat(r.truncated()).isFalse();
    assertThat(r.outputRef()).isNull();
  }

  @Test
  void aRefThatIsNotTextIsIgnored() {
    WorkerResult r =
        WorkerResult.parse("{\"status\":\"succeeded\",\"outputRef\":{\"x\":1}}").orElseThrow();
    assertThat(r.outputRef()).isNull();
  }
}
