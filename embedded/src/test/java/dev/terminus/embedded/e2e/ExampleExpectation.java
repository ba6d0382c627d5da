package dev.terminus.embedded.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An example's {@code # expect: <Phase>[/<Reason>] [<node>=<Phase>[/<Reason>] ...]} line, and the
 * name of its WorkflowExecution.
 */
record ExampleExpectation(
    Path file, String execution, Outcome outcome, Map<String, Outcome> nodes) {

  /** A phase and, when given, a reason. */
  record Outcome(String phase, String reason) {
    static Outcome parse(String text) {
      String[] parts = text.split("/");
      return new Outcome(parts[0], parts.length > 1 ? parts[1] : null);
    }
  }

  private static final Pattern EXECUTION_NAME =
      Pattern.compile("kind: WorkflowExecution\\s+metadata:\\s+name: (\\S+)");

  static ExampleExpectation of(Path file) throws IOException {
    String text = Files.readString(file);
    List<String> lines = text.lines().filter(l -> l.startsWith("# expect:")).toList();
    if (lines.size() != 1) {
      throw new AssertionError(file + " needs exactly one # expect: line");
    }
    String[] words = lines.get(0).substring("# expect:".length()).trim().split("\\s+");
    Map<String, Outcome> nodes = new LinkedHashMap<>();
    for (int i = 1; i < words.length; i++) {
      String[] node = words[i].split("=");
      nodes.put(node[0], Outcome.parse(node[1]));
    }
    Matcher m = EXECUTION_NAME.matcher(text);
    if (!m.find()) {
      throw new AssertionError(file + " holds no WorkflowExecution");
    }
    return new ExampleExpectation(file, m.group(1), Outcome.parse(words[0]), nodes);
  }
}
