package dev.terminus.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the generated and the committed CRDs live, and how they are read. */
final class CrdFiles {
  static final String GROUP = "terminus.dev";

  /** Every CRD of the API. A new kind must be added here, to the chart and to the tests. */
  static final List<String> PLURALS = List.of("workflows", "workflowexecutions");

  private static final YAMLMapper YAML = new YAMLMapper();

  private CrdFiles() {}

  /** Directory of the crd-generator output; set by crd/pom.xml's surefire configuration. */
  static Path generatedDir() {
    return dir("terminus.generated.dir", "target/classes/META-INF/fabric8");
  }

  /** The chart's crds/ directory, where the committed copies live. */
  static Path committedDir() {
    return dir("terminus.crds.dir", "../helm/terminus/crds");
  }

  static Path generated(String plural) {
    return generatedDir().resolve(plural + "." + GROUP + "-v1.yml");
  }

  static Path committed(String plural) {
    return committedDir().resolve(plural + "." + GROUP + ".yaml");
  }

  static JsonNode read(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static JsonNode generatedCrd(String plural) {
    Path file = generated(plural);
    if (!Files.isRegularFile(file)) {
      throw new AssertionError(
          "generated CRD " + file + " is missing: the crd-generator plugin did not run");
    }
    return read(file);
  }

  private static Path dir(String property, String fallback) {
    String value = System.getProperty(property);
    return Path.of(value == null || value.isBlank() ? fallback : value)
        .toAbsolutePath()
        .normalize();
  }
}
