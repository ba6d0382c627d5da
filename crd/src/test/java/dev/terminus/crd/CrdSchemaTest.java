package dev.terminus.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.terminus.crd.v1alpha1.Api;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** What users and the API server see of the generated CRDs: docs, kubectl columns, validation. */
class CrdSchemaTest {
  /** A DNS-1123 label, written out here so that a wrong constant in the API cannot hide. */
  private static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  static final List<String> PLURALS = CrdFiles.PLURALS;

  private static JsonNode version(String plural) {
    JsonNode versions = CrdFiles.generatedCrd(plural).at("/spec/versions");
    assertThat(versions.size()).as("%s: served versions", plural).isEqualTo(1);
    JsonNode version = versions.get(0);
    assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
    return version;
  }

  private static JsonNode schema(String plural) {
    JsonNode schema = version(plural).at("/schema/openAPIV3Schema");
    assertThat(schema.isObject()).as("%s: openAPIV3Schema", plural).isTrue();
    return schema;
  }

  // ---- (a) documentation -------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @FieldSource("PLURALS")
  void everyPropertyOfSpecAndStatusIsDescribed(String plural) {
    JsonNode top = schema(plural).path("properties");
    List<String> undocumented = new ArrayList<>();
    int[] checked = {0};
    for (String root : List.of("spec", "status")) {
      assertThat(top.has(root)).as("%s has %s", plural, root).isTrue();
      walk(root, top.get(root), undocumented, checked);
    }
    assertThat(undocumented).as("%s: properties without a description", plural).isEmpty();
    assertThat(checked[0]).as("%s: properties checked", plural).isGreaterThan(10);
  }

  /** Checks the properties of {@code node} and of its array items, recursively. */
  private static void walk(String path, JsonNode node, List<String> undocumented, int[] checked) {
    if (node.path("x-kubernetes-int-or-string").asBoolean(false)
        || node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return;
    }
    node.path("properties")
        .properties()
        .forEach(
            e -> {
              String child = path + "." + e.getKey();
              checked[0]++;
              if (e.getValue().path("description").asText("").isBlank()) {
                undocumented.add(child);
              }
              walk(child, e.getValue(), undocumented, checked);
            });
    if (node.has("items")) {
      walk(path + "[]", node.get("items"), undocumented, checked);
    }
  }

  // ---- (b) kubectl -----------------------------------------------------------------------

  @Test
  void workflowExecutionPrinterColumns() {
    Map<String, String> columns = new LinkedHashMap<>();
    version("workflowexecutions")
        .path("additionalPrinterColumns")
        .forEach(c -> columns.put(c.path("name").asText(), c.path("jsonPath").asText()));
    assertThat(columns)
        .containsEntry("PHASE", ".status.phase")
        .containsEntry("PROGRESS", ".status.progress")
        .containsEntry("REASON", ".status.reason")
        .containsEntry("AGE", ".metadata.creationTimestamp");
  }

  /**
   * An execution's name is a label value on its Jobs: the schema refuses a name the Jobs could not
   * carry (CEL on the root, where metadata.name is visible), instead of every Job create failing.
   */
  @Test
  void anExecutionNameLongerThan63CharactersIsRefusedAtAdmission() {
    List<String> rules = new ArrayList<>();
    schema("workflowexecutions")
        .path("x-kubernetes-validations")
        .forEach(r -> rules.add(r.path("rule").asText()));
    assertThat(rules).contains("size(self.metadata.name) <= 63");
    assertThat(Api.MAX_EXECUTION_NAME).isEqualTo(63);
  }

  @Test
  void shortNames() {
    assertThat(shortNames("workflows")).containsExactly("wf");
    assertThat(shortNames("workflowexecutions")).containsExactly("wfx");
    assertThat(names("workflowexecutions").path("kind").asText()).isEqualTo("WorkflowExecution");
    assertThat(names("workflows").path("kind").asText()).isEqualTo("Workflow");
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("PLURALS")
  void statusSubresourceAndNamespaced(String plural) {
    assertThat(version(plural).at("/subresources/status").isObject())
        .as("%s: status subresource", plural)
        .isTrue();
    assertThat(CrdFiles.generatedCrd(plural).at("/spec/scope").asText()).isEqualTo("Namespaced");
    assertThat(CrdFiles.generatedCrd(plural).at("/spec/group").asText()).isEqualTo("terminus.dev");
  }

  private static JsonNode names(String plural) {
    return CrdFiles.generatedCrd(plural).at("/spec/names");
  }

  private static List<String> shortNames(String plural) {
    List<String> out = new ArrayList<>();
    names(plural).path("shortNames").forEach(n -> out.add(n.asText()));
    return out;
  }

  // ---- (c) validation --------------------------------------------------------------------

  /** The workflow schema: inline in WorkflowExecution.spec.workflow, and Workflow.spec. */
  private static List<JsonNode> workflowSchemas() {
    return List.of(
        schema("workflowexecutions").at("/properties/spec/properties/workflow"),
        schema("workflows").at("/properties/spec"));
  }

  @Test
  void nodesAreBounded() {
    for (JsonNode workflow : workflowSchemas()) {
      JsonNode nodes = workflow.at("/properties/nodes");
      assertThat(nodes.path("type").asText()).isEqualTo("array");
      assertThat(nodes.path("minItems").asInt(-1)).isEqualTo(1);
      assertThat(nodes.path("maxItems").asInt(-1)).isEqualTo(500);
      assertThat(workflow.path("required").toString()).contains("\"nodes\"");
    }
  }

  @Test
  void nodeNameIsADnsLabel() {
    for (JsonNode workflow : workflowSchemas()) {
      JsonNode node = workflow.at("/properties/nodes/items");
      JsonNode name = node.at("/properties/name");
      assertThat(name.path("type").asText()).isEqualTo("string");
      assertThat(name.path("pattern").asText()).isEqualTo(DNS_LABEL);
      assertThat(name.path("maxLength").asInt(-1)).isEqualTo(63);
      assertThat(node.path("required").toString()).contains("\"name\"");
      assertThat("fetch-data-2").matches(name.path("pattern").asText());
      assertThat("Fetch_data").doesNotMatch(name.path("pattern").asText());
      assertThat("-fetch").doesNotMatch(name.path("pattern").asText());
    }
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("PLURALS")
  void everyActiveDeadlineIsAtLeastOneSecond(String plural) {
    List<JsonNode> deadlines = findProperties(schema(plural), "activeDeadlineSeconds");
    // Workflow: defaults and nodes; WorkflowExecution: also the execution's own deadline.
    assertThat(deadlines).hasSizeGreaterThanOrEqualTo(2);
    for (JsonNode deadline : deadlines) {
      assertThat(deadline.path("type").asText()).isEqualTo("integer");
      assertThat(deadline.has("minimum")).as("activeDeadlineSeconds has a minimum").isTrue();
      assertThat(deadline.path("minimum").asDouble()).isGreaterThanOrEqualTo(1.0);
      // ChildFactory caps a child's deadline (its node's plus a grace) at this maximum.
      assertThat(deadline.path("maximum").asLong()).isEqualTo(Api.MAX_DEADLINE_SECONDS);
    }
    if (plural.equals("workflowexecutions")) {
      assertThat(
              schema(plural)
                  .at("/properties/spec/properties/activeDeadlineSeconds/minimum")
                  .asDouble())
          .isGreaterThanOrEqualTo(1.0);
    }
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("PLURALS")
  void retryLimitIsNotNegative(String plural) {
    List<JsonNode> retries = findProperties(schema(plural), "retry");
    assertThat(retries).as("retry in defaults and nodes").hasSizeGreaterThanOrEqualTo(2);
    for (JsonNode retry : retries) {
      JsonNode limit = retry.at("/properties/limit");
      assertThat(limit.path("type").asText()).isEqualTo("integer");
      assertThat(limit.has("minimum")).as("retry.limit has a minimum").isTrue();
      assertThat(limit.path("minimum").asDouble()).isEqualTo(0.0);
    }
  }

  /** Every schema of a property named {@code name}, anywhere below {@code node}. */
  private static List<JsonNode> findProperties(JsonNode node, String name) {
    List<JsonNode> found = new ArrayList<>();
    collect(node, name, found);
    return found;
  }

  private static void collect(JsonNode node, String name, List<JsonNode> found) {
    node.path("properties")
        .properties()
        .forEach(
            e -> {
              if (e.getKey().equals(name)) {
                found.add(e.getValue());
              }
              collect(e.getValue(), name, found);
            });
    if (node.has("items")) {
      collect(node.get("items"), name, found);
    }
  }
}
