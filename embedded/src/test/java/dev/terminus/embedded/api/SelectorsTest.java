package dev.terminus.embedded.api;

import static dev.terminus.embedded.api.MergePatchTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SelectorsTest {

  private static final JsonNode JOB =
      json(
          "{\"metadata\":{\"name\":\"j1\",\"labels\":{\"terminus.dev/execution\":\"run-1\","
              + "\"terminus.dev/node\":\"fetch\"}},\"status\":{\"phase\":\"Running\"}}");

  @Test
  void equalityAndInequalityLabels() {
    assertThat(Selectors.labels("terminus.dev/execution=run-1").test(JOB)).isTrue();
    assertThat(Selectors.labels("terminus.dev/execution==run-2").test(JOB)).isFalse();
    assertThat(Selectors.labels("terminus.dev/node!=fetch").test(JOB)).isFalse();
  }

  @Test
  void setBasedLabelsAreEvaluatedNotIgnored() {
    assertThat(Selectors.labels("terminus.dev/node in (fetch, report)").test(JOB)).isTrue();
    assertThat(Selectors.labels("terminus.dev/node notin (fetch)").test(JOB)).isFalse();
    assertThat(Selectors.labels("terminus.dev/node,!missing").test(JOB)).isTrue();
    assertThat(Selectors.labels("missing").test(JOB)).isFalse();
  }

  @Test
  void fieldsOnAnyPath() {
    assertThat(Selectors.fields("metadata.name=j1,status.phase=Running").test(JOB)).isTrue();
    assertThat(Selectors.fields("status.phase!=Running").test(JOB)).isFalse();
    assertThat(Selectors.fields("involvedObject.uid=x").test(JOB)).isFalse();
  }

  @Test
  void aMalformedSelectorIsABadRequest() {
    assertThatThrownBy(() -> Selectors.fields("metadata.name")).isInstanceOf(ApiError.class);
  }
}
