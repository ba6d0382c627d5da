package dev.terminus.embedded.api;

import static dev.terminus.embedded.api.MergePatchTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsonPathsTest {

  private static final JsonNode WF =
      json(
          "{\"status\":{\"nodeCount\":4,\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"},"
              + "{\"type\":\"Valid\",\"status\":\"True\"}]},\"spec\":{\"nodes\":[{\"name\":\"a\"}]}}");

  @Test
  void fieldsIndexesAndFilters() {
    assertThat(JsonPaths.read(WF, ".status.nodeCount").asInt()).isEqualTo(4);
    assertThat(JsonPaths.read(WF, "{.spec.nodes[0].name}").asText()).isEqualTo("a");
    assertThat(JsonPaths.read(WF, ".status.conditions[?(@.type==\"Valid\")].status").asText())
        .isEqualTo("True");
    assertThat(JsonPaths.read(WF, ".status.conditions[?(@.type=='Ready')].status").asText())
        .isEqualTo("False");
  }

  @Test
  void absentPathsAreMissing() {
    assertThat(JsonPaths.read(WF, ".status.phase").isMissingNode()).isTrue();
    assertThat(JsonPaths.read(WF, ".spec.nodes[3].name").isMissingNode()).isTrue();
    assertThat(JsonPaths.read(WF, ".status.conditions[?(@.type==\"Gone\")].status").isMissingNode())
        .isTrue();
  }
}
