package dev.terminus.operator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutputRefsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "redis://cache:6379/terminus:output:wfx:fetch:1",
        "rediss://redis.terminus.svc.cluster.local:6380/terminus:output:wfx:fetch:12",
        "redis://10.0.0.7:6379/terminus:output:wfx:y:1"
      })
  void acceptsTheRefsWorkersWrite(String ref) {
    assertThat(OutputRefs.accepted(ref, "wfx")).contains(ref);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "redis://:hunter2@cache:6379/terminus:output:wfx:fetch:1",
        "redis://admin:hunter2@cache:6379/terminus:output:wfx:fetch:1",
        "redis://hunter2@cache:6379/terminus:output:wfx:fetch:1",
        "http://cache:6379/terminus:output:wfx:fetch:1",
        "redis://cache/terminus:output:wfx:fetch:1",
        "redis://cache:6379/terminus:heartbeat:wfx:fetch:1",
        "redis://cache:6379/terminus:output:",
        "redis://cache:6379/terminus:output:wfx:",
        "redis://cache:6379/terminus:output:other:fetch:1",
        "redis://cache:6379/terminus:output:wfx2:fetch:1",
        "redis://cache:6379/other",
        "redis://cache:6379/terminus:output:wfx?password=hunter2",
        "redis://cache:6379/terminus:output:wfx#x",
        "redis://cache:6379/terminus:output:wfx fetch",
        "redis:///terminus:output:wfx:fetch:1",
        "not a url at all",
        ""
      })
  void rejectsCredentialsOtherSchemesAndKeysOfOtherExecutions(String ref) {
    assertThat(OutputRefs.accepted(ref, "wfx")).isEmpty();
  }

  @Test
  void rejectsNullAndOverlongRefs() {
    assertThat(OutputRefs.accepted(null, "wfx")).isEmpty();
    String longKey = "a".repeat(OutputRefs.MAX_CHARS);
    assertThat(OutputRefs.accepted("redis://cache:6379/terminus:output:wfx:" + longKey, "wfx"))
        .isEmpty();
  }
}
