package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Label and field selectors, evaluated by the front because the mock matches only equality label
 * selectors (set-based ones match everything) and only the {@code metadata.name} field.
 *
 * <p>Labels: {@code k=v}, {@code k==v}, {@code k!=v}, {@code k in (a,b)}, {@code k notin (a,b)},
 * {@code k}, {@code !k}, comma-joined. Fields: {@code path=v}, {@code path==v}, {@code path!=v} on
 * any dotted path of the object ({@code metadata.name}, {@code involvedObject.uid}, {@code
 * status.phase}), comma-joined.
 */
final class Selectors {

  private static final Pattern SET_BASED =
      Pattern.compile("\\s*([^\\s!=,()]+)\\s+(in|notin)\\s+\\(([^)]*)\\)\\s*");
  private static final Pattern COMPARISON =
      Pattern.compile("\\s*([^\\s!=,()]+)\\s*(==|!=|=)\\s*([^,]*?)\\s*");
  private static final Pattern EXISTS = Pattern.compile("\\s*(!?)\\s*([^\\s!=,()]+)\\s*");

  private Selectors() {}

  /** The objects the request's labelSelector and fieldSelector both select. */
  static Predicate<JsonNode> of(ApiRequest request) {
    return labels(request.param("labelSelector")).and(fields(request.param("fieldSelector")));
  }

  static Predicate<JsonNode> labels(String selector) {
    Predicate<JsonNode> all = o -> true;
    if (selector == null || selector.isBlank()) {
      return all;
    }
    for (String requirement : splitTopLevel(selector)) {
      all = all.and(labelRequirement(requirement));
    }
    return all;
  }

  static Predicate<JsonNode> fields(String selector) {
    Predicate<JsonNode> all = o -> true;
    if (selector == null || selector.isBlank()) {
      return all;
    }
    for (String requirement : selector.split(",")) {
      Matcher m = COMPARISON.matcher(requirement);
      if (!m.matches()) {
        throw ApiError.badRequest("invalid field selector: " + requirement);
      }
      String[] path = m.group(1).split("\\.");
      String value = m.group(3);
      boolean equal = !m.group(2).equals("!=");
      all = all.and(o -> value.equals(text(o, path)) == equal);
    }
    return all;
  }

  private static Predicate<JsonNode> labelRequirement(String requirement) {
    Matcher m = SET_BASED.matcher(requirement);
    if (m.matches()) {
      String key = m.group(1);
      Set<String> values = Set.of(m.group(3).trim().split("\\s*,\\s*"));
      boolean in = m.group(2).equals("in");
      return o -> {
        String value = label(o, key);
        return in
            ? value != null && values.contains(value)
            : value == null || !values.contains(value);
      };
    }
    m = COMPARISON.matcher(requirement);
    if (m.matches()) {
      String key = m.group(1);
      String expected = m.group(3);
      boolean equal = !m.group(2).equals("!=");
      return o -> expected.equals(label(o, key)) == equal;
    }
    m = EXISTS.matcher(requirement);
    if (m.matches()) {
      String key = m.group(2);
      boolean exists = m.group(1).isEmpty();
      return o -> (label(o, key) != null) == exists;
    }
    throw ApiError.badRequest("invalid label selector: " + requirement);
  }

  /** Splits on commas that are not inside the parentheses of a set. */
  private static List<String> splitTopLevel(String selector) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(selector.substring(start));
    return parts;
  }

  private static String label(JsonNode object, String key) {
    JsonNode value = object.path("metadata").path("labels").get(key);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** The value at a dotted path; an absent field reads as "" (as the API server's field sets). */
  private static String text(JsonNode object, String[] path) {
    JsonNode at = object;
    for (String field : path) {
      at = at.path(field);
    }
    return at.isMissingNode() || at.isNull() ? "" : at.asText();
  }
}
