package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates a custom resource against its CRD's structural schema, as the API server does on create
 * and update: types, required fields, enums, bounds, lengths, patterns, item counts, and the CEL
 * rules of the form {@code has(self.a) != has(self.b)}. Fields the schema does not declare are
 * reported separately: an error under {@code fieldValidation=Strict} (what kubectl sends), pruned
 * otherwise, as the API server prunes them.
 */
final class SchemaValidator {

  private static final Pattern HAS_RULE =
      Pattern.compile("\\s*has\\(self\\.(\\w+)\\)\\s*(!=|==)\\s*has\\(self\\.(\\w+)\\)\\s*");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** What is wrong with an object. */
  record Result(List<Problem> problems, List<String> unknownFields) {}

  /**
   * One violation, as the API server reports it in a cause.
   *
   * @param field the dotted path, e.g. spec.workflow.nodes[0].name
   * @param reason FieldValueInvalid, FieldValueRequired, FieldValueNotSupported, ...
   * @param detail what is wrong, e.g. "Required value"
   */
  record Problem(String field, String reason, String detail) {
    @Override
    public String toString() {
      return field + ": " + detail;
    }
  }

  private final List<Problem> problems = new ArrayList<>();
  private final List<String> unknown = new ArrayList<>();
  private final boolean prune;

  private SchemaValidator(boolean prune) {
    this.prune = prune;
  }

  /**
   * Checks {@code object} (everything but apiVersion, kind and metadata, whose name is checked
   * separately) against {@code schema}. With {@code prune}, undeclared fields are removed from the
   * object as they are found.
   */
  static Result validate(JsonNode schema, ObjectNode object, boolean prune) {
    SchemaValidator validator = new SchemaValidator(prune);
    validator.checkName(Json.textAt(object, "metadata", "name"));
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      if (name.equals("apiVersion") || name.equals("kind") || name.equals("metadata")) {
        continue;
      }
      JsonNode property = schema.path("properties").get(name);
      if (property == null) {
        validator.unknown.add(name);
        if (prune) {
          it.remove();
        }
      } else {
        validator.check(property, field.getValue(), name);
      }
    }
    return new Result(validator.problems, validator.unknown);
  }

  private void checkName(String name) {
    if (name != null && (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches())) {
      invalid(
          "metadata.name",
          "Invalid value: \""
              + name
              + "\": a lowercase RFC 1123"
              + " subdomain must consist of lower case alphanumeric characters, '-' or '.', and must"
              + " start and end with an alphanumeric character");
    }
  }

  private void check(JsonNode schema, JsonNode value, String path) {
    if (value.isNull()) {
      return; // an explicit null is dropped, as the API server drops it
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
      if (!value.isIntegralNumber() && !value.isTextual()) {
        invalid(
            path,
            "Invalid value: "
                + shown(value)
                + ": "
                + path
                + " in body must be of type int-or-string");
      }
      return;
    }
    String type = schema.path("type").asText("");
    if (!type.isEmpty() && !hasType(value, type)) {
      invalid(
          path,
          "Invalid value: \""
              + typeOf(value)
              + "\": "
              + path
              + " in body must be of type "
              + type
              + ": \""
              + typeOf(value)
              + "\"");
      return;
    }
    checkEnum(schema, value, path);
    if (value.isObject()) {
      checkObject(schema, (ObjectNode) value, path);
    } else if (value.isArray()) {
      checkArray(schema, value, path);
    } else if (value.isTextual()) {
      checkString(schema, value.asText(), path);
    } else if (value.isNumber()) {
      checkNumber(schema, value, path);
    }
  }

  private void checkObject(JsonNode schema, ObjectNode value, String path) {
    for (JsonNode required : schema.path("required")) {
      if (!value.hasNonNull(required.asText())) {
        problems.add(
            new Problem(path + "." + required.asText(), "FieldValueRequired", "Required value"));
      }
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.get("additionalProperties");
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String at = path + "." + field.getKey();
      if (properties.has(field.getKey())) {
        check(properties.get(field.getKey()), field.getValue(), at);
      } else if (additional != null && additional.isObject()) {
        check(additional, field.getValue(), at);
      } else if (!preserve && !(additional != null && additional.asBoolean())) {
        unknown.add(at);
        if (prune) {
          it.remove();
        }
      }
    }
    checkRules(schema, value, path);
    checkCount(value.size(), schema, "minProperties", "maxProperties", path, "properties");
  }

  private void checkArray(JsonNode schema, JsonNode value, String path) {
    checkCount(value.size(), schema, "minItems", "maxItems", path, "items");
    JsonNode items = schema.get("items");
    for (int i = 0; items != null && i < value.size(); i++) {
      check(items, value.get(i), path + "[" + i + "]");
    }
  }

  private void checkString(JsonNode schema, String value, String path) {
    int length = value.codePointCount(0, value.length());
    if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
      problems.add(
          new Problem(
              path,
              "FieldValueTooLong",
              "Too long: may not be more than " + schema.get("maxLength").asInt() + " bytes"));
    }
    if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
      invalid(
          path,
          "Invalid value: \""
              + value
              + "\": "
              + path
              + " in body should be at least "
              + schema.get("minLength").asInt()
              + " chars long");
    }
    if (schema.has("pattern")
        && !Pattern.compile(schema.get("pattern").asText()).matcher(value).find()) {
      invalid(
          path,
          "Invalid value: \""
              + value
              + "\": "
              + path
              + " in body should match '"
              + schema.get("pattern").asText()
              + "'");
    }
  }

  private void checkNumber(JsonNode schema, JsonNode value, String path) {
    BigDecimal number = value.decimalValue();
    if (schema.has("minimum") && number.compareTo(schema.get("minimum").decimalValue()) < 0) {
      invalid(
          path,
          "Invalid value: "
              + value.asText()
              + ": "
              + path
              + " in body should be greater than or equal to "
              + plain(schema.get("minimum")));
    }
    if (schema.has("maximum") && number.compareTo(schema.get("maximum").decimalValue()) > 0) {
      invalid(
          path,
          "Invalid value: "
              + value.asText()
              + ": "
              + path
              + " in body should be less than or equal to "
              + plain(schema.get("maximum")));
    }
  }

  private void checkEnum(JsonNode schema, JsonNode value, String path) {
    JsonNode allowed = schema.get("enum");
    if (allowed == null || !allowed.isArray()) {
      return;
    }
    for (JsonNode option : allowed) {
      if (option.equals(value)) {
        return;
      }
    }
    List<String> options = new ArrayList<>();
    allowed.forEach(o -> options.add(shown(o)));
    problems.add(
        new Problem(
            path,
            "FieldValueNotSupported",
            "Unsupported value: "
                + shown(value)
                + ": supported values: "
                + String.join(", ", options)));
  }

  /** The CEL rules this schema uses: exactly one (or both or neither) of two fields. */
  private void checkRules(JsonNode schema, JsonNode value, String path) {
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      Matcher m = HAS_RULE.matcher(rule.path("rule").asText());
      if (!m.matches()) {
        continue; // other CEL rules are not evaluated here
      }
      boolean left = value.has(m.group(1));
      boolean right = value.has(m.group(3));
      boolean holds = m.group(2).equals("!=") ? left != right : left == right;
      if (!holds) {
        invalid(
            path,
            "Invalid value: \"object\": "
                + rule.path("message").asText("failed rule: " + rule.path("rule").asText()));
      }
    }
  }

  private void checkCount(
      int count, JsonNode schema, String min, String max, String path, String what) {
    if (schema.has(max) && count > schema.get(max).asInt()) {
      problems.add(
          new Problem(
              path,
              "FieldValueTooMany",
              "Too many: "
                  + count
                  + ": must have at most "
                  + schema.get(max).asInt()
                  + " "
                  + what));
    }
    if (schema.has(min) && count < schema.get(min).asInt()) {
      invalid(
          path,
          "Invalid value: "
              + count
              + ": "
              + path
              + " in body should have at least "
              + schema.get(min).asInt()
              + " "
              + what);
    }
  }

  private void invalid(String field, String detail) {
    problems.add(new Problem(field, "FieldValueInvalid", detail));
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" ->
          value.isIntegralNumber()
              || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
  }

  private static String typeOf(JsonNode value) {
    if (value.isObject()) {
      return "object";
    } else if (value.isArray()) {
      return "array";
    } else if (value.isTextual()) {
      return "string";
    } else if (value.isIntegralNumber()) {
      return "integer";
    } else if (value.isNumber()) {
      return "number";
    }
    return value.isBoolean() ? "boolean" : "null";
  }

  private static String shown(JsonNode value) {
    return value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
  }

  private static String plain(JsonNode number) {
    return number.decimalValue().stripTrailingZeros().toPlainString();
  }
}
