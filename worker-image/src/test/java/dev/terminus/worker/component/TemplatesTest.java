package dev.terminus.worker.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.terminus.worker.WorkerFailure;
import dev.terminus.worker.support.Contexts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplatesTest {
  private final Templates templates =
      new Templates(
          Contexts.object(
              """
              {"execution": {"topic": "zombies", "count": 3},
               "fetch": "a \\"quoted\\" $1 \\\\ text",
               "empty": null}
              """));

  @Test
  void fillsUpstreamOutputsAndExecutionInputs() throws Exception {
    assertThat(templates.fill("about ${execution.topic}: ${inputs.fetch}"))
        .isEqualTo("about zombies: a \"quoted\" $1 \\ text");
    assertThat(templates.fill("${execution.count} items, ${inputs.empty}."))
        .isEqualTo("3 items, .");
    assertThat(templates.fill("no placeholders, ${not.one}"))
        .isEqualTo("no placeholders, ${not.one}");
  }

  @Test
  void jsonBodiesAreFilledValueByValueSoEscapingStaysRight() throws Exception {
    var body =
        Contexts.object(
            "{\"text\": \"${inputs.fetch}\", \"n\": 1, \"list\": [\"${execution.topic}\"]}");

    assertThat(templates.fill(body).toString())
        .isEqualTo("{\"text\":\"a \\\"quoted\\\" $1 \\\\ text\",\"n\":1,\"list\":[\"zombies\"]}");
  }

  @Test
  void anAbsentNameIsMissingInputListingWhatThereIs() {
    assertThatThrownBy(() -> templates.fill("${inputs.fetsh}"))
        .isInstanceOfSatisfying(
            WorkerFailure.class, failure -> assertThat(failure.type()).isEqualTo("MissingInput"))
        .hasMessage("${inputs.fetsh} names nothing in TERMINUS_INPUTS; available: fetch, empty");
    assertThatThrownBy(() -> templates.fill("${execution.topik}"))
        .hasMessage("${execution.topik} names nothing in TERMINUS_INPUTS; available: topic, count");
    assertThatThrownBy(() -> templates.fill("${inputs.execution}"))
        .hasMessageStartingWith("${inputs.execution} names nothing");
  }

  @Test
  void aStoredOutputIsReadOnceAndFilledInFull() throws Exception {
    List<String> reads = new ArrayList<>();
    Templates withRef =
        new Templates(
            Contexts.object(
                """
                {"execution": {},
                 "fetch": {"outputRef": "redis://cache:6379/terminus:output:x:fetch:1",
                           "preview": "the st"}}
                """),
            (node, ref) -> {
              reads.add(node + "@" + ref);
              return "the start and the rest";
            });

    assertThat(withRef.fill("${inputs.fetch} / ${inputs.fetch}"))
        .isEqualTo("the start and the rest / the start and the rest");
    assertThat(reads).containsExactly("fetch@redis://cache:6379/terminus:output:x:fetch:1");
  }

  @Test
  void withoutAReaderARefIsInputUnavailable() {
    Templates withRef =
        new Templates(
            Contexts.object(
                "{\"fetch\": {\"outputRef\": \"redis://cache:6379/terminus:output:x\"}}"));

    assertThatThrownBy(() -> withRef.fill("${inputs.fetch}"))
        .isInstanceOfSatisfying(
            WorkerFailure.class,
            failure -> assertThat(failure.type()).isEqualTo("InputUnavailable"));
  }
}
