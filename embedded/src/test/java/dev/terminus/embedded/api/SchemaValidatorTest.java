package dev.terminus.embedded.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.terminus.embedded.api.SchemaValidator.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Against the real WorkflowExecution schema, as generated from the crd module. */
class SchemaValidatorTest {

  private static final JsonNode SCHEMA = executionSchema();

  @Test
  void aValidExecutionHasNoProblem() {
    SchemaValidator.Result result =
        validate(
            """
        {"apiVersion": "terminus.dev/v1alpha1", "kind": "WorkflowExecution",
         "metadata": {"name": "ok"},
         "spec": {"workflow": {"nodes": [{"name": "a", "component": "command",
                                          "config": {"command": ["echo"]}}]}}}
        """);

    assertThat(result.problems()).isEmpty();
    assertThat(result.unknownFields()).isEmpty();
  }

  @Test
  void everyViolationIsReportedWithItsFieldAndTheAPIServersWords() {
    SchemaValidator.Result result =
        validate(
            """
        {"metadata": {"name": "Bad_Name"},
         "spec": {"activeDeadlineSeconds": 0,
                  "workflow": {"nodes": [{"name": "x_y", "type": "nope"}]}}}
        """);

    assertThat(result.problems())
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder(
            "metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist"
                + " of lower case alphanumeric characters, '-' or '.', and must start and end with an"
                + " alphanumeric character",
            "spec.activeDeadlineSeconds: Invalid value: 0: spec.activeDeadlineSeconds in body should"
                + " be greater than or equal to 1",
            "spec.workflow.nodes[0].name: Invalid value: \"x_y\": spec.workflow.nodes[0].name in body"
                + " should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'",
            "spec.workflow.nodes[0].type: Unsupported value: \"nope\": supported values:"
                + " \"approval\", \"job\", \"workflow\"");
  }

  @Test
  void theCelRuleOnWorkflowRefAndWorkflowIsChecked() {
    SchemaValidator.Result result = validate("{\"metadata\": {\"name\": \"x\"}, \"spec\": {}}");

    assertThat(result.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "spec: Invalid value: \"object\": set exactly one of workflowRef and" + " workflow");
  }

  @Test
  void undeclaredFieldsAreReportedAndPrunedUnlessStrict() {
    ObjectNode object =
        object(
            """
        {"metadata": {"name": "x"},
         "spec": {"bogus": 1, "workflowRef": {"name": "w", "extra": true}}}
        """);

    SchemaValidator.Result result = SchemaValidator.validate(SCHEMA, object, true);

    assertThat(result.unknownFields()).containsExactly("spec.bogus", "spec.workflowRef.extra");
    assertThat(object.path("spec").has("bogus")).isFalse();
    assertThat(object.path("spec").path("workflowRef").has("extra")).isFalse();
  }

  @Test
  void preservedUnknownFieldsAreAllowed() {
    SchemaValidator.Result result =
        validate(
            """
        {"metadata": {"name": "x"},
         "spec": {"workflow": {"nodes": [{"name": "a", "component": "http",
                                          "config": {"anything": {"goes": [1, 2]}}}]}}}
        """);

    assertThat(result.unknownFields()).isEmpty();
    assertThat(result.problems()).isEmpty();
  }

  private static SchemaValidator.Result validate(String json) {
    return SchemaValidator.validate(SCHEMA, object(json), false);
  }

  private static ObjectNode object(String json) {
    return (ObjectNode) Json.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode executionSchema() {
    String resource = "META-INF/fabric8/workflowexecutions.terminus.dev-v1.yml";
    try (InputStream in =
        SchemaValidatorTest.class.getClassLoader().getResourceAsStream(resource)) {
      JsonNode crd = Json.parseYaml(in.readAllBytes());
      return crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
