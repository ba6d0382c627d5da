package dev.terminus.operator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutputRefsTest {
  /** The execution's uid, as in the worker's keys; its name is "wfx". */
  private static final String UID = "3f6c0d2e-8b1a-4c5e-9d7f-2a4b6c8e0f13";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "redis://cache:6379/terminus:output:" + UID + ":fetch:1",
        "rediss://redis.terminus.svc.cluster.local:6380/terminus:output:" + UID + ":fetch:12",
        "redis://10.0.0.7:6379/terminus:output:" + UID + ":y:1"
      })
  void acceptsTheRefsWorkersWrite(String ref) {
    assertThat(OutputRefs.accepted(ref, UID)).contains(ref);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "redis://:hunter2@cache:6379/terminus:output:" + UID + ":fetch:1",
        "redis://admin:hunter2@cache:6379/terminus:output:" + UID + ":fetch:1",
        "redis://hunter2@cache:6379/terminus:output:" + UID + ":fetch:1",
        "http://cache:6379/terminus:output:" + UID + ":fetch:1",
        "redis://cache/terminus:output:" + UID + ":fetch:1",
        "redis://cache:6379/terminus:heartbeat:" + UID + ":fetch:1",
        "redis://cache:6379/terminus:output:",
        "redis://cache:6379/terminus:output:" + UID + ":",
        "redis://cache:6379/terminus:output:other:fetch:1",
        "redis://cache:6379/terminus:output:" + UID + "2:fetch:1",
        "redis://cache:6379/terminus:output:wfx:fetch:1",
        "redis://cache:6379/other",
        "redis://cache:6379/terminus:output:" + UID + "?password=hunter2",
        "redis://cache:6379/terminus:output:" + UID + "#x",
        "redis://cache:6379/terminus:output:" + UID + " fetch",
        "redis:///terminus:output:" + UID + ":fetch:1",
        "not a url at all",
        ""
      })
  void rejectsCredentialsOtherSchemesAndKeysOfOtherExecutions(String ref) {
    assertThat(OutputRefs.accepted(ref, UID)).isEmpty();
  }

  @Test
  void aSameNamedExecutionOfAnotherNamespaceCannotPassItsOutputsOn() {
    String twin = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    String ref = "redis://cache:6379/terminus:output:" + twin + ":fetch:1";
    assertThat(OutputRefs.accepted(ref, twin)).contains(ref);
    assertThat(OutputRefs.accepted(ref, UID)).isEmpty();
  }

  @Test
  void rejectsNullAndOverlongRefs() {
    assertThat(OutputRefs.accepted(null, UID)).isEmpty();
    String longKey = "a".repeat(OutputRefs.MAX_CHARS);
    assertThat(
            OutputRefs.accepted("redis://cache:6379/terminus:output:" + UID + ":" + longKey, UID))
        .isEmpty();
  }
}
