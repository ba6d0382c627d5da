package dev.terminus.worker.component;

import dev.terminus.worker.FailureTypes;
import dev.terminus.worker.WorkerFailure;
import dev.terminus.worker.component.command.CommandComponent;
import dev.terminus.worker.component.http.HttpComponent;
import dev.terminus.worker.component.llm.LlmComponent;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The components of the reference worker, by their TERMINUS_COMPONENT name. */
public final class Components {
  private static final Map<String, Supplier<Component>> BY_NAME =
      new TreeMap<>(
          Map.of(
              "command", CommandComponent::new,
              "http", HttpComponent::new,
              "llm", LlmComponent::new));

  private Components() {}

  public static Component named(String name) throws WorkerFailure {
    Supplier<Component> component = BY_NAME.get(name);
    if (component == null) {
      throw new WorkerFailure(
          FailureTypes.UNKNOWN_COMPONENT,
          "unknown component \""
              + name
              + "\"; this worker has "
              + String.join(", ", BY_NAME.keySet()));
    }
    return component.get();
  }
}
