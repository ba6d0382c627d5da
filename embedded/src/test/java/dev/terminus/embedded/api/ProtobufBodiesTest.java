package dev.terminus.embedded.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.IntStr.IntOrString;
import io.kubernetes.client.proto.Meta.ObjectMeta;
import io.kubernetes.client.proto.Meta.Time;
import io.kubernetes.client.proto.Resource.Quantity;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Batch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Protobuf bodies built as kubectl's Go encoder builds them (every non-pointer field written, even
 * when empty), decoded to the JSON the store keeps.
 */
class ProtobufBodiesTest {

  /** ObjectMeta as Go writes it for a new object: empty strings, generation 0, a zero Time. */
  private static ObjectMeta.Builder meta(String name) {
    return ObjectMeta.newBuilder()
        .setName(name)
        .setGenerateName("")
        .setNamespace("")
        .setUid("")
        .setResourceVersion("")
        .setGeneration(0)
        .setCreationTimestamp(Time.newBuilder());
  }

  @Test
  void aSecretsDataIsBase64AndEmptyGoFieldsAreLeftOut() {
    byte[] binary = {0, (byte) 0xff, 'a'};
    V1.Secret secret =
        V1.Secret.newBuilder()
            .setMetadata(meta("llm-cred"))
            .putData("api-key", ByteString.copyFromUtf8("s3cr3t!"))
            .putData("binary", ByteString.copyFrom(binary))
            .putData("empty", ByteString.EMPTY)
            .setType("")
            .build();

    JsonNode json = ProtobufBodies.decode(envelope("v1", "Secret", secret));

    assertThat(json.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(json.path("kind").asText()).isEqualTo("Secret");
    assertThat(json.path("metadata").toString()).isEqualTo("{\"name\":\"llm-cred\"}");
    assertThat(json.path("data").path("api-key").asText()).isEqualTo(base64("s3cr3t!".getBytes()));
    assertThat(json.path("data").path("binary").asText()).isEqualTo(base64(binary));
    assertThat(json.path("data").path("empty").asText()).isEmpty();
    assertThat(json.has("type")).isFalse();
  }

  @Test
  void aJobKeepsNumbersQuantitiesIntOrStringsAndTimes() {
    V1.Container container =
        V1.Container.newBuilder()
            .setName("main")
            .setImage("busybox")
            .addCommand("sh")
            .addCommand("-c")
            .addCommand("echo hi")
            .setResources(
                V1.ResourceRequirements.newBuilder()
                    .putLimits("cpu", Quantity.newBuilder().setString("500m").build()))
            .setLivenessProbe(
                V1.Probe.newBuilder()
                    .setHandler(
                        V1.ProbeHandler.newBuilder()
                            .setHttpGet(
                                V1.HTTPGetAction.newBuilder()
                                    .setPort(
                                        IntOrString.newBuilder()
                                            .setType(0)
                                            .setIntVal(8080)
                                            .setStrVal(""))))
                    .setPeriodSeconds(10))
            .setReadinessProbe(
                V1.Probe.newBuilder()
                    .setHandler(
                        V1.ProbeHandler.newBuilder()
                            .setTcpSocket(
                                V1.TCPSocketAction.newBuilder()
                                    .setPort(
                                        IntOrString.newBuilder().setType(1).setStrVal("http")))))
            .addEnv(
                V1.EnvVar.newBuilder()
                    .setName("API_KEY")
                    .setValueFrom(
                        V1.EnvVarSource.newBuilder()
                            .setSecretKeyRef(
                                V1.SecretKeySelector.newBuilder()
                                    .setLocalObjectReference(
                                        V1.LocalObjectReference.newBuilder().setName("llm-cred"))
                                    .setKey("api-key"))))
            .build();
    V1.Volume volume =
        V1.Volume.newBuilder()
            .setName("cred")
            .setVolumeSource(
                V1.VolumeSource.newBuilder()
                    .setSecret(V1.SecretVolumeSource.newBuilder().setSecretName("llm-cred")))
            .build();
    V1Batch.Job job =
        V1Batch.Job.newBuilder()
            .setMetadata(
                meta("hello").setCreationTimestamp(Time.newBuilder().setSeconds(1_767_225_600)))
            .setSpec(
                V1Batch.JobSpec.newBuilder()
                    .setActiveDeadlineSeconds(30)
                    .setTemplate(
                        V1.PodTemplateSpec.newBuilder()
                            .setMetadata(meta(""))
                            .setSpec(
                                V1.PodSpec.newBuilder()
                                    .addContainers(container)
                                    .addVolumes(volume)
                                    .setRestartPolicy("Never"))))
            .setStatus(V1Batch.JobStatus.newBuilder().setActive(0))
            .build();

    JsonNode json = ProtobufBodies.decode(envelope("batch/v1", "Job", job));

    assertThat(json.path("metadata").path("creationTimestamp").asText())
        .isEqualTo("2026-01-01T00:00:00Z");
    JsonNode spec = json.path("spec");
    assertThat(spec.path("activeDeadlineSeconds").isIntegralNumber()).isTrue();
    assertThat(spec.path("activeDeadlineSeconds").asLong()).isEqualTo(30);
    assertThat(spec.path("template").path("metadata").toString()).isEqualTo("{}");
    assertThat(spec.path("template").path("spec").path("restartPolicy").asText())
        .isEqualTo("Never");
    JsonNode main = spec.path("template").path("spec").path("containers").get(0);
    assertThat(main.path("image").asText()).isEqualTo("busybox");
    assertThat(main.path("command").toString()).isEqualTo("[\"sh\",\"-c\",\"echo hi\"]");
    assertThat(main.path("resources").path("limits").path("cpu").asText()).isEqualTo("500m");
    assertThat(main.path("env").get(0).path("valueFrom").path("secretKeyRef").toString())
        .as("an inline Go struct's fields are its parent's")
        .isEqualTo("{\"name\":\"llm-cred\",\"key\":\"api-key\"}");
    assertThat(spec.path("template").path("spec").path("volumes").get(0).toString())
        .isEqualTo("{\"name\":\"cred\",\"secret\":{\"secretName\":\"llm-cred\"}}");
    assertThat(main.path("livenessProbe").path("httpGet").path("port").isInt()).isTrue();
    assertThat(main.path("livenessProbe").path("httpGet").path("port").asInt()).isEqualTo(8080);
    assertThat(main.path("livenessProbe").path("periodSeconds").asInt()).isEqualTo(10);
    assertThat(main.path("readinessProbe").path("tcpSocket").path("port").asText())
        .isEqualTo("http");
    assertThat(json.path("status").toString()).isEqualTo("{}");
  }

  @Test
  void aBodyWithoutTheEnvelopeIsABadRequest() {
    assertThatThrownBy(() -> ProtobufBodies.decode("{\"kind\":\"Secret\"}".getBytes()))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  @Test
  void aKindWithoutAKubernetesProtoIsAnUnsupportedMediaType() {
    V1.ConfigMap any = V1.ConfigMap.newBuilder().setMetadata(meta("x")).build();

    assertThatThrownBy(
            () ->
                ProtobufBodies.decode(envelope("terminus.dev/v1alpha1", "WorkflowExecution", any)))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(415));
    assertThatThrownBy(() -> ProtobufBodies.decode(envelope("v1", "NoSuchKind", any)))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(415));
  }

  @Test
  void durationsReadAsGoPrintsThem() {
    assertThat(ProtoJson.goDuration(0)).isEqualTo("0s");
    assertThat(ProtoJson.goDuration(1_500_000)).isEqualTo("1.5ms");
    assertThat(ProtoJson.goDuration(90_000_000_000L)).isEqualTo("1m30s");
    assertThat(ProtoJson.goDuration(3_600_000_000_000L)).isEqualTo("1h0m0s");
    assertThat(ProtoJson.goDuration(2_500_000_000L)).isEqualTo("2.5s");
  }

  /** The envelope client-go's protobuf serializer writes: "k8s\0", then a runtime.Unknown. */
  static byte[] envelope(String apiVersion, String kind, Message object) {
    Runtime.Unknown unknown =
        Runtime.Unknown.newBuilder()
            .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
            .setRaw(object.toByteString())
            .setContentEncoding("")
            .setContentType("")
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'k', '8', 's', 0});
    try {
      unknown.writeTo(out);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
