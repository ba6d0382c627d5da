package dev.terminus.worker.component.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.terminus.worker.WorkerFailure;
import dev.terminus.worker.component.ConfigReader;
import dev.terminus.worker.component.Templates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code {"command": ["sh", "-c", "..."], "args": [...], "env": {...}, "timeoutSeconds": N}}.
 *
 * @param argv the command followed by its args
 * @param env added to (and overriding) the worker's own environment
 * @param timeout none by default: the node's deadline (activeDeadlineSeconds) still applies
 */
record CommandConfig(List<String> argv, Map<String, String> env, Optional<Duration> timeout) {
  private static final Set<String> FIELDS = Set.of("command", "args", "env", "timeoutSeconds");

  static CommandConfig parse(ObjectNode config) throws WorkerFailure {
    ConfigReader reader = new ConfigReader("command", config);
    reader.rejectUnknownFields(FIELDS);
    List<String> command = reader.stringList("command");
    if (command.isEmpty() || command.get(0).isBlank()) {
      throw reader.invalid(
          "\"command\" is required: a non-empty list such as [\"sh\", \"-c\", \"...\"]");
    }
    List<String> argv = new ArrayList<>(command);
    argv.addAll(reader.stringList("args"));
    return new CommandConfig(
        List.copyOf(argv), reader.stringMap("env"), reader.optionalSeconds("timeoutSeconds"));
  }

  /**
   * The same command with {@code ${inputs.<node>}} and {@code ${execution.<key>}} filled in its
   * command, args and env values. Each placeholder becomes exactly one argument, whatever the value
   * holds, so passing an upstream output as a separate argument (["sh", "-c", "echo \"$1\"", "sh",
   * "${inputs.fetch}"]) needs no shell quoting.
   */
  CommandConfig filled(Templates templates) throws WorkerFailure {
    List<String> filledArgv = new ArrayList<>();
    for (String arg : argv) {
      filledArgv.add(templates.fill(arg));
    }
    Map<String, String> filledEnv = new LinkedHashMap<>();
    for (Map.Entry<String, String> variable : env.entrySet()) {
      filledEnv.put(variable.getKey(), templates.fill(variable.getValue()));
    }
    return new CommandConfig(List.copyOf(filledArgv), filledEnv, timeout);
  }
}
