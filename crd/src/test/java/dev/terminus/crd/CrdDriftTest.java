package dev.terminus.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The CRDs committed in the Helm chart must be the ones generated from the Java types. The
 * comparison is semantic (parsed YAML, numbers by value), so comments, key order and quoting do not
 * matter; any changed, added or removed field does.
 */
class CrdDriftTest {
  static final String FIX = "CRD drifted: run `make crds` and commit helm/terminus/crds/";
  private static final int MAX_REPORTED = 25;

  static final List<String> PLURALS = CrdFiles.PLURALS;

  @ParameterizedTest(name = "{0}")
  @FieldSource("PLURALS")
  void committedCrdMatchesGenerated(String plural) {
    JsonNode generated = CrdFiles.generatedCrd(plural);
    Path committedFile = CrdFiles.committed(plural);
    assertThat(committedFile)
        .withFailMessage("%s (%s is missing)", FIX, committedFile)
        .isRegularFile();
    JsonNode committed = CrdFiles.read(committedFile);

    List<String> differences = new ArrayList<>();
    diff("", canonical(generated), canonical(committed), differences);
    if (!differences.isEmpty()) {
      StringBuilder message = new StringBuilder(FIX).append('\n');
      message.append(committedFile).append(" differs from ").append(CrdFiles.generated(plural));
      differences.stream().limit(MAX_REPORTED).forEach(d -> message.append("\n  ").append(d));
      if (differences.size() > MAX_REPORTED) {
        message.append("\n  ... and ").append(differences.size() - MAX_REPORTED).append(" more");
      }
      throw new AssertionError(message.toString());
    }
  }

  /** Every generated CRD has a committed copy and no committed copy is left without a source. */
  @Test
  void sameSetOfCrds() throws IOException {
    assertThat(names(CrdFiles.generatedDir(), "-v1.yml"))
        .as("generated CRDs; a new kind must be added to CrdFiles.PLURALS")
        .containsExactlyInAnyOrderElementsOf(PLURALS);
    assertThat(names(CrdFiles.committedDir(), ".yaml"))
        .withFailMessage(
            "%s (committed CRDs %s, expected %s)",
            FIX, names(CrdFiles.committedDir(), ".yaml"), PLURALS)
        .containsExactlyInAnyOrderElementsOf(PLURALS);
  }

  @Test
  void driftIsDetected() {
    JsonNode generated = CrdFiles.generatedCrd("workflowexecutions");
    ObjectNode changed = generated.deepCopy();
    ((ObjectNode) changed.at("/spec/names")).put("kind", "Renamed");
    List<String> differences = new ArrayList<>();
    diff("", canonical(generated), canonical(changed), differences);
    assertThat(differences)
        .containsExactly(
            "/spec/names/kind: generated \"WorkflowExecution\", committed \"Renamed\"");

    List<String> none = new ArrayList<>();
    diff("", canonical(generated), canonical(generated.deepCopy()), none);
    assertThat(none).isEmpty();
  }

  private static TreeSet<String> names(Path dir, String suffix) throws IOException {
    String ending = "." + CrdFiles.GROUP + suffix;
    TreeSet<String> names = new TreeSet<>();
    if (!Files.isDirectory(dir)) {
      return names;
    }
    try (Stream<Path> files = Files.list(dir)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(ending))
          .forEach(n -> names.add(n.substring(0, n.length() - ending.length())));
    }
    return names;
  }

  /** Numbers compare by value: 1, 1.0 and 1E0 are the same number in a schema. */
  private static JsonNode canonical(JsonNode node) {
    if (node.isNumber()) {
      return DecimalNode.valueOf(node.decimalValue().stripTrailingZeros());
    }
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      node.properties().forEach(e -> copy.set(e.getKey(), canonical(e.getValue())));
      return copy;
    }
    if (node.isArray()) {
      var copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(child -> copy.add(canonical(child)));
      return copy;
    }
    return node;
  }

  private static void diff(String path, JsonNode expected, JsonNode actual, List<String> out) {
    if (expected.equals(actual)) {
      return;
    }
    if (expected.isObject() && actual.isObject()) {
      TreeSet<String> keys = new TreeSet<>();
      expected.fieldNames().forEachRemaining(keys::add);
      actual.fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        String child = path + "/" + key;
        if (!actual.has(key)) {
          out.add(child + ": missing in the committed CRD");
        } else if (!expected.has(key)) {
          out.add(child + ": not in the generated CRD");
        } else {
          diff(child, expected.get(key), actual.get(key), out);
        }
      }
    } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
      for (int i = 0; i < expected.size(); i++) {
        diff(path + "/" + i, expected.get(i), actual.get(i), out);
      }
    } else {
      out.add(path + ": generated " + abbreviate(expected) + ", committed " + abbreviate(actual));
    }
  }

  private static String abbreviate(JsonNode node) {
    String text = node.toString();
    return text.length() <= 120 ? text : text.substring(0, 117) + "...";
  }
}
