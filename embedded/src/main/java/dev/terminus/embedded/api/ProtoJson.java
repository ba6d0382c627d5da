package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Kubernetes protobuf message as the JSON the API server would store. Kubernetes' proto field
 * names are its JSON names, but for a Go struct embedded inline (a Volume's {@code volumeSource}, a
 * Probe's {@code handler}, a key selector's {@code localObjectReference}, ...: their fields are the
 * parent's in JSON) and a few spelled otherwise ({@code Expression}, {@code aPIGroup}, {@code
 * uID}). Values are mapped as the Go types marshal to JSON: {@code Time} and {@code MicroTime} to
 * RFC 3339 text, {@code Quantity} to its string, {@code IntOrString} to a number or a string,
 * {@code Duration} to Go's duration text, raw extensions and {@code FieldsV1} to the JSON they
 * hold, and bytes (Secret data) to base64.
 *
 * <p>Go's protobuf encoder writes every non-pointer field, set or not, where its JSON encoder
 * leaves empty ones out ({@code omitempty}); so, as kubectl's JSON would, a singular scalar at its
 * zero value ({@code ""}, 0, false) is left out, and so is a zero {@code Time}. Map entries and
 * list items are always kept.
 */
final class ProtoJson {

  private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
  private static final DateTimeFormatter MICRO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * The proto names of every Go struct embedded inline in k8s.io/api ({@code json:""} or {@code
   * json:",inline"} with a protobuf tag); no other message-typed field has one of these names.
   */
  private static final Set<String> INLINE =
      Set.of(
          "volumeSource",
          "persistentVolumeSource",
          "localObjectReference",
          "handler",
          "ephemeralContainerCommon",
          "ingressRuleValue",
          "rule",
          "ruleWithOperations",
          "deviceConfiguration");

  /** Proto names that are not the JSON name with a lower-case first letter. */
  private static final Map<String, String> RENAMED = Map.of("aPIGroup", "apiGroup", "uID", "uid");

  private ProtoJson() {}

  /** The fields of a message as a JSON object. */
  static ObjectNode object(Message message) {
    ObjectNode object = NODES.objectNode();
    for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
      FieldDescriptor field = entry.getKey();
      JsonNode value;
      if (field.isMapField()) {
        value = map((List<?>) entry.getValue());
      } else if (field.isRepeated()) {
        ArrayNode array = NODES.arrayNode();
        ((List<?>) entry.getValue()).forEach(item -> array.add(value(field, item)));
        value = array;
      } else if (isZero(field, entry.getValue())) {
        continue;
      } else {
        value = value(field, entry.getValue());
      }
      if (value instanceof ObjectNode inline && INLINE.contains(field.getName())) {
        object.setAll(inline);
      } else if (value != null) {
        object.set(jsonName(field.getName()), value);
      }
    }
    return object;
  }

  private static String jsonName(String protoName) {
    String renamed = RENAMED.get(protoName);
    if (renamed != null) {
      return renamed;
    }
    return Character.toLowerCase(protoName.charAt(0)) + protoName.substring(1);
  }

  private static ObjectNode map(List<?> entries) {
    ObjectNode map = NODES.objectNode();
    for (Object item : entries) {
      Message entry = (Message) item;
      FieldDescriptor key = entry.getDescriptorForType().findFieldByName("key");
      FieldDescriptor value = entry.getDescriptorForType().findFieldByName("value");
      JsonNode converted = value(value, entry.getField(value));
      map.set(
          String.valueOf(entry.getField(key)), converted == null ? NODES.nullNode() : converted);
    }
    return map;
  }

  private static boolean isZero(FieldDescriptor field, Object value) {
    return field.getJavaType() != FieldDescriptor.JavaType.MESSAGE
        && value.equals(field.getDefaultValue());
  }

  /** One value; null when it stands for nothing (a zero Time, an empty raw extension). */
  private static JsonNode value(FieldDescriptor field, Object value) {
    return switch (field.getJavaType()) {
      case MESSAGE -> message((Message) value);
      case BYTE_STRING -> NODES.textNode(Base64.getEncoder().encodeToString(bytes(value)));
      case INT -> NODES.numberNode((Integer) value);
      case LONG -> NODES.numberNode((Long) value);
      case FLOAT -> NODES.numberNode((Float) value);
      case DOUBLE -> NODES.numberNode((Double) value);
      case BOOLEAN -> NODES.booleanNode((Boolean) value);
      case STRING -> NODES.textNode((String) value);
      case ENUM -> NODES.textNode(value.toString());
    };
  }

  private static JsonNode message(Message message) {
    String type = message.getDescriptorForType().getFullName();
    return switch (type) {
      case META + "Time" -> time(message, DateTimeFormatter.ISO_INSTANT, true);
      case META + "MicroTime" -> time(message, MICRO, false);
      case META + "Duration" -> NODES.textNode(goDuration(longField(message, "duration")));
      case META + "FieldsV1" -> raw(message, "Raw");
      case "k8s.io.apimachinery.pkg.runtime.RawExtension" -> raw(message, "raw");
      case "k8s.io.apimachinery.pkg.api.resource.Quantity" ->
          NODES.textNode(String.valueOf(field(message, "string")));
      case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" ->
          longField(message, "type") == 1
              ? NODES.textNode(String.valueOf(field(message, "strVal")))
              : NODES.numberNode(((Number) field(message, "intVal")).intValue());
      default -> object(message);
    };
  }

  /** A Time (whole seconds) or MicroTime; null for Go's zero time, which marshals as nothing. */
  private static JsonNode time(Message message, DateTimeFormatter format, boolean seconds) {
    FieldDescriptor secondsField = message.getDescriptorForType().findFieldByName("seconds");
    if (!message.hasField(secondsField)) {
      return null;
    }
    Instant at =
        Instant.ofEpochSecond(
            longField(message, "seconds"),
            seconds ? 0 : ((Number) field(message, "nanos")).longValue());
    return NODES.textNode(format.format(at));
  }

  /** A raw extension's JSON; a nested protobuf object when it holds one. */
  private static JsonNode raw(Message message, String field) {
    byte[] raw = bytes(field(message, field));
    if (raw.length == 0) {
      return null;
    }
    return raw[0] == 'k' ? ProtobufBodies.decode(raw) : Json.parse(raw);
  }

  /** Go's {@code time.Duration.String()}, e.g. 1h2m3.5s, 1.5ms, 0s. */
  static String goDuration(long nanos) {
    String sign = nanos < 0 ? "-" : "";
    long n = Math.abs(nanos);
    if (n < 1_000L) {
      return n == 0 ? "0s" : sign + n + "ns";
    } else if (n < 1_000_000L) {
      return sign + decimal(n, 3) + "µs";
    } else if (n < 1_000_000_000L) {
      return sign + decimal(n, 6) + "ms";
    }
    long hours = n / 3_600_000_000_000L;
    long minutes = n / 60_000_000_000L % 60;
    StringBuilder text = new StringBuilder(sign);
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      text.append(minutes).append('m');
    }
    return text.append(decimal(n % 60_000_000_000L, 9)).append('s').toString();
  }

  private static String decimal(long unscaled, int scale) {
    return BigDecimal.valueOf(unscaled, scale).stripTrailingZeros().toPlainString();
  }

  private static Object field(Message message, String name) {
    return message.getField(message.getDescriptorForType().findFieldByName(name));
  }

  private static long longField(Message message, String name) {
    return ((Number) field(message, name)).longValue();
  }

  private static byte[] bytes(Object value) {
    return ((ByteString) value).toByteArray();
  }
}
