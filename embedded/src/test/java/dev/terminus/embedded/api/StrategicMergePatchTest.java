package dev.terminus.embedded.api;

import static dev.terminus.embedded.api.MergePatchTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class StrategicMergePatchTest {

  @Test
  void conditionsMergeByType() {
    JsonNode status =
        json("{\"conditions\":[{\"type\":\"SuccessCriteriaMet\",\"status\":\"True\"}]}");

    JsonNode merged =
        StrategicMergePatch.apply(
            status,
            json(
                "{\"conditions\":[{\"type\":\"Complete\",\"status\":\"True\"},"
                    + "{\"type\":\"SuccessCriteriaMet\",\"reason\":\"CompletionsReached\"}]}"));

    assertThat(merged)
        .isEqualTo(
            json(
                "{\"conditions\":[{\"type\":\"SuccessCriteriaMet\",\"status\":\"True\","
                    + "\"reason\":\"CompletionsReached\"},"
                    + "{\"type\":\"Complete\",\"status\":\"True\"}]}"));
  }

  @Test
  void aPatchDeleteDirectiveRemovesTheElementWithThatKey() {
    JsonNode merged =
        StrategicMergePatch.apply(
            json("{\"env\":[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"2\"}]}"),
            json("{\"env\":[{\"name\":\"A\",\"$patch\":\"delete\"}]}"));

    assertThat(merged).isEqualTo(json("{\"env\":[{\"name\":\"B\",\"value\":\"2\"}]}"));
  }

  @Test
  void finalizersMergeAsASetAndCanBeDeletedFromThePrimitiveList() {
    JsonNode added =
        StrategicMergePatch.apply(
            json("{\"finalizers\":[\"a\"]}"), json("{\"finalizers\":[\"a\",\"b\"]}"));
    JsonNode removed =
        StrategicMergePatch.apply(added, json("{\"$deleteFromPrimitiveList/finalizers\":[\"a\"]}"));

    assertThat(added).isEqualTo(json("{\"finalizers\":[\"a\",\"b\"]}"));
    assertThat(removed).isEqualTo(json("{\"finalizers\":[\"b\"]}"));
  }

  @Test
  void otherListsAreReplacedAndNullsRemove() {
    JsonNode merged =
        StrategicMergePatch.apply(
            json("{\"args\":[\"a\",\"b\"],\"active\":1}"),
            json("{\"args\":[\"c\"],\"active\":null,\"$setElementOrder/args\":[\"c\"]}"));

    assertThat(merged).isEqualTo(json("{\"args\":[\"c\"]}"));
  }
}
