package dev.terminus.worker.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.terminus.worker.Json;
import dev.terminus.worker.WorkerLog;
import dev.terminus.worker.component.ComponentContext;
import dev.terminus.worker.component.Templates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Component contexts built from JSON text, with the log captured. */
public final class Contexts {
  private final ByteArrayOutputStream logBuffer = new ByteArrayOutputStream();

  public ComponentContext context(String configJson) {
    return context(configJson, "{}", Map.of());
  }

  public ComponentContext context(String configJson, String inputsJson, Map<String, String> env) {
    return new ComponentContext(
        object(configJson),
        new Templates(object(inputsJson)),
        env,
        WorkerLog.to(new PrintStream(logBuffer, true, StandardCharsets.UTF_8)));
  }

  public String log() {
    return logBuffer.toString(StandardCharsets.UTF_8);
  }

  public static ObjectNode object(String json) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
