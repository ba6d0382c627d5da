package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath of CRD printer columns: fields ({@code .status.phase}), indexes ({@code
 * .spec.nodes[0]}), quoted fields ({@code ['a.b']}) and equality filters ({@code
 * .status.conditions[?(@.type=="Valid")].status}), optionally wrapped in braces. As the API
 * server's table convertor, the first result is the value.
 */
final class JsonPaths {

  private static final Pattern STEP =
      Pattern.compile(
          "\\.([^.\\[]+)|\\[(\\d+)]|\\['([^']+)']"
              + "|\\[\\?\\(@\\.([\\w.]+)\\s*==\\s*(?:\"([^\"]*)\"|'([^']*)')\\)]");

  private JsonPaths() {}

  /** The node at the path, or a missing node. */
  static JsonNode read(JsonNode root, String path) {
    String p = path.trim();
    if (p.startsWith("{") && p.endsWith("}")) {
      p = p.substring(1, p.length() - 1);
    }
    JsonNode at = root;
    Matcher m = STEP.matcher(p);
    int end = 0;
    while (at != null && end < p.length() && m.find(end) && m.start() == end) {
      at = step(at, m);
      end = m.end();
    }
    return at == null || end != p.length() ? MissingNode.getInstance() : at;
  }

  private static JsonNode step(JsonNode at, Matcher m) {
    if (m.group(1) != null) {
      return at.get(m.group(1));
    } else if (m.group(2) != null) {
      return at.get(Integer.parseInt(m.group(2)));
    } else if (m.group(3) != null) {
      return at.get(m.group(3));
    }
    String expected = m.group(5) != null ? m.group(5) : m.group(6);
    for (JsonNode element : at) {
      JsonNode field = element;
      for (String name : m.group(4).split("\\.")) {
        field = field.path(name);
      }
      if (field.isValueNode() && expected.equals(field.asText())) {
        return element;
      }
    }
    return null;
  }
}
