package dev.terminus.operator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes results.json: the machine, the settings, every figure (with its samples), the targets,
 * details.
 */
final class ResultsFile {

  private ResultsFile() {}

  static void write(
      Path file,
      Machine machine,
      BenchSettings settings,
      BenchReport report,
      List<Targets.Check> checks)
      throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("machine", machine.asMap());
    root.put("settings", settings.asMap());
    Map<String, Object> figures = new LinkedHashMap<>();
    for (Figure f : report.figures()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("label", f.label());
      entry.put("value", Double.isNaN(f.value()) ? null : f.value());
      entry.put("unit", f.unit());
      entry.put("samples", f.samples());
      figures.put(f.key(), entry);
    }
    root.put("figures", figures);
    root.put("targets", Targets.asMap(checks));
    root.put("details", report.details());
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
  }
}
