package dev.terminus.worker.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.terminus.protocol.WorkerInputs;
import dev.terminus.worker.FailureTypes;
import dev.terminus.worker.WorkerFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code ${inputs.<node>}} (an upstream node's output) and {@code ${execution.<key>}} (an
 * execution input) from TERMINUS_INPUTS: {@code {"execution": {...}, "<node>": "<output>", ...}}.
 * An upstream output too large for its termination message comes as {@code {"outputRef": ...,
 * "preview": ...}} and is filled in full, read through the {@link OutputReader} when first used (a
 * node that never names it does not depend on the store).
 *
 * <p>A placeholder naming something absent is a {@code MissingInput} failure, never an empty
 * string: a typo in a node name must not silently send an empty prompt to a model.
 */
public final class Templates {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{(inputs|execution)\\.([^}\\s]+)}");

  private final ObjectNode inputs;
  private final OutputReader reader;
  private final Map<String, String> read = new HashMap<>();

  /** Inputs whose refs, if any, cannot be read. */
  public Templates(ObjectNode inputs) {
    this(inputs, OutputReader.NONE);
  }

  public Templates(ObjectNode inputs, OutputReader reader) {
    this.inputs = inputs;
    this.reader = reader;
  }

  public String fill(String template) throws WorkerFailure {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder filled = new StringBuilder();
    while (matcher.find()) {
      String value = lookup(matcher.group(1), matcher.group(2), matcher.group());
      matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(filled);
    return filled.toString();
  }

  /**
   * Fills the string values inside a JSON body, before it is serialized: an input containing quotes
   * or newlines stays correctly escaped.
   */
  public JsonNode fill(JsonNode node) throws WorkerFailure {
    if (node.isTextual()) {
      return TextNode.valueOf(fill(node.asText()));
    }
    if (node instanceof ObjectNode object) {
      ObjectNode copy = object.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        copy.set(field.getKey(), fill(field.getValue()));
      }
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = array.arrayNode();
      for (JsonNode item : array) {
        copy.add(fill(item));
      }
      return copy;
    }
    return node;
  }

  private String lookup(String scope, String name, String placeholder) throws WorkerFailure {
    JsonNode source =
        scope.equals(WorkerInputs.EXECUTION) ? inputs.path(WorkerInputs.EXECUTION) : inputs;
    JsonNode value = source.get(name);
    if (value == null || (scope.equals("inputs") && name.equals(WorkerInputs.EXECUTION))) {
      throw new WorkerFailure(
          FailureTypes.MISSING_INPUT,
          placeholder + " names nothing in TERMINUS_INPUTS; available: " + available(scope));
    }
    if (value.isNull()) {
      return ""; // an upstream node that succeeded without output
    }
    if (scope.equals("inputs") && value.path(WorkerInputs.OUTPUT_REF).isTextual()) {
      return fullOutput(name, value.path(WorkerInputs.OUTPUT_REF).asText());
    }
    return value.isTextual() ? value.asText() : value.toString();
  }

  /** Read once per node, however many placeholders name it. */
  private String fullOutput(String node, String ref) throws WorkerFailure {
    String output = read.get(node);
    if (output == null) {
      output = reader.read(node, ref);
      read.put(node, output);
    }
    return output;
  }

  private String available(String scope) {
    JsonNode source =
        scope.equals(WorkerInputs.EXECUTION) ? inputs.path(WorkerInputs.EXECUTION) : inputs;
    List<String> names = new ArrayList<>();
    source.fieldNames().forEachRemaining(names::add);
    if (!scope.equals(WorkerInputs.EXECUTION)) {
      names.remove(WorkerInputs.EXECUTION);
    }
    return names.isEmpty() ? "(none)" : String.join(", ", names);
  }
}
