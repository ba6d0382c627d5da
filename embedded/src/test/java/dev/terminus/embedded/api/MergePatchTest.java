package dev.terminus.embedded.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class MergePatchTest {

  @Test
  void arraysAreReplacedNotAppended() {
    JsonNode merged = MergePatch.apply(json("{\"a\":[1,2,3],\"b\":1}"), json("{\"a\":[4]}"));

    assertThat(merged).isEqualTo(json("{\"a\":[4],\"b\":1}"));
  }

  @Test
  void nullRemovesAFieldAndIsNeverStored() {
    JsonNode merged =
        MergePatch.apply(json("{\"spec\":{\"x\":1,\"y\":2}}"), json("{\"spec\":{\"x\":null}}"));

    assertThat(merged).isEqualTo(json("{\"spec\":{\"y\":2}}"));
  }

  @Test
  void objectsMergeRecursivelyAndTheTargetIsUntouched() {
    JsonNode target = json("{\"spec\":{\"a\":{\"b\":1}}}");

    JsonNode merged = MergePatch.apply(target, json("{\"spec\":{\"a\":{\"c\":2},\"d\":true}}"));

    assertThat(merged).isEqualTo(json("{\"spec\":{\"a\":{\"b\":1,\"c\":2},\"d\":true}}"));
    assertThat(target).isEqualTo(json("{\"spec\":{\"a\":{\"b\":1}}}"));
  }

  @Test
  void removalsNullWhatTheNewConfigurationNoLongerSets() {
    JsonNode removals =
        MergePatch.removals(
            json("{\"spec\":{\"suspend\":true,\"inputs\":{\"a\":\"1\",\"b\":\"2\"}}}"),
            json("{\"spec\":{\"inputs\":{\"a\":\"1\"}}}"));

    assertThat(removals).isEqualTo(json("{\"spec\":{\"suspend\":null,\"inputs\":{\"b\":null}}}"));
  }

  static JsonNode json(String text) {
    return Json.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
