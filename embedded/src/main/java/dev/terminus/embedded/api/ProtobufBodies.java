package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kubernetes.client.proto.Runtime;
import java.util.Arrays;
import java.util.Locale;

/**
 * Request bodies in Kubernetes' protobuf encoding, as kubectl sends built-in kinds ({@code create
 * secret|configmap|namespace|job}, {@code auth can-i}), turned into the JSON the rest of the front
 * and the store handle. The envelope is the magic {@code k8s\0} and a {@code runtime.Unknown}
 * (apiVersion, kind, raw); raw is the kind's own generated message, read with the descriptors of
 * {@code io.kubernetes:client-java-proto} and converted by {@link ProtoJson}. Answers still go out
 * as JSON, which kubectl accepts beside protobuf.
 */
final class ProtobufBodies {

  static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
  private static final byte[] MAGIC = {'k', '8', 's', 0};
  private static final String CLASSES = "io.kubernetes.client.proto.";

  private ProtobufBodies() {}

  /**
   * The same request with its protobuf body as JSON; a deletion's body (DeleteOptions, which the
   * front does not read) is dropped.
   */
  static ApiRequest asJson(ApiRequest request) {
    if (request.body().length == 0 || request.method().equals("DELETE")) {
      return request.withBody("application/json", new byte[0]);
    }
    return request.withBody("application/json", Json.bytes(decode(request.body())));
  }

  /** The object of an enveloped protobuf body, as JSON. */
  static ObjectNode decode(byte[] body) {
    if (body.length < MAGIC.length || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, 4)) {
      throw ApiError.badRequest("the protobuf body does not start with the k8s envelope");
    }
    Runtime.Unknown unknown;
    try {
      unknown = Runtime.Unknown.parseFrom(Arrays.copyOfRange(body, MAGIC.length, body.length));
    } catch (InvalidProtocolBufferException e) {
      throw ApiError.badRequest("the protobuf envelope cannot be read: " + e.getMessage());
    }
    if (!unknown.getContentEncoding().isEmpty()) {
      throw ApiError.unsupportedMediaType(MEDIA_TYPE + " (" + unknown.getContentEncoding() + ")");
    }
    String apiVersion = unknown.getTypeMeta().getApiVersion();
    String kind = unknown.getTypeMeta().getKind();
    Descriptor type = messageType(apiVersion, kind);
    DynamicMessage message;
    try {
      message = DynamicMessage.parseFrom(type, unknown.getRaw());
    } catch (InvalidProtocolBufferException e) {
      throw ApiError.badRequest("the " + kind + " cannot be read: " + e.getMessage());
    }
    ObjectNode object = Json.object().put("apiVersion", apiVersion).put("kind", kind);
    object.setAll(ProtoJson.object(message));
    return object;
  }

  /**
   * The generated message of a kind: {@code batch/v1 Job} is {@code k8s.io.api.batch.v1.Job}, whose
   * descriptor client-java-proto keeps in its class {@code V1Batch} (core: {@code V1}).
   */
  private static Descriptor messageType(String apiVersion, String kind) {
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = apiVersion.substring(slash + 1);
    String groupName = group.isEmpty() ? "" : group.split("\\.")[0];
    String outer = capitalized(version) + capitalized(groupName);
    Descriptor type = kind.isEmpty() ? null : file(outer).findMessageTypeByName(kind);
    if (type == null) {
      throw ApiError.unsupportedMediaType(MEDIA_TYPE + " for " + kind + " " + apiVersion);
    }
    return type;
  }

  private static FileDescriptor file(String outerClass) {
    try {
      return (FileDescriptor)
          Class.forName(CLASSES + outerClass).getMethod("getDescriptor").invoke(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw ApiError.unsupportedMediaType(MEDIA_TYPE + " for group " + outerClass);
    }
  }

  private static String capitalized(String text) {
    return text.isEmpty() ? "" : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
  }
}
