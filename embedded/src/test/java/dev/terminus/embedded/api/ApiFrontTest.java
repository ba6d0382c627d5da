package dev.terminus.embedded.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.terminus.embedded.cluster.MockCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The front over HTTP, as kubectl's requests reach it, without kubectl. */
class ApiFrontTest {

  private static final String WFX =
      "/apis/terminus.dev/v1alpha1/namespaces/default/workflowexecutions";
  private static final String JOBS = "/apis/batch/v1/namespaces/default/jobs";

  private static MockCluster cluster;
  private static ApiFront front;
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  static void start() throws Exception {
    cluster = MockCluster.start();
    front = ApiFront.start(cluster.url(), 0);
  }

  @AfterAll
  static void stop() {
    front.close();
    cluster.close();
  }

  @Test
  void discoveryListsTheCustomResourcesWithShortNames() throws Exception {
    JsonNode resources = json(send("GET", "/apis/terminus.dev/v1alpha1", null, null));

    assertThat(resources.path("resources").findValuesAsText("name"))
        .contains("workflowexecutions", "workflowexecutions/status", "workflows");
    assertThat(resources.path("resources").get(0).path("shortNames").get(0).asText())
        .isIn("wfx", "wf");
  }

  @Test
  void mergePatchReplacesArraysAndRemovesNulls() throws Exception {
    create(WFX, execution("merge-me"));

    JsonNode patched =
        json(
            send(
                "PATCH",
                WFX + "/merge-me",
                "application/merge-patch+json",
                "{\"spec\":{\"workflow\":{\"nodes\":[{\"name\":\"only\",\"image\":\"x\"}]},"
                    + "\"inputs\":null}}"));

    assertThat(patched.path("spec").path("workflow").path("nodes")).hasSize(1);
    assertThat(patched.path("spec").has("inputs")).isFalse();
    assertThat(patched.path("metadata").path("generation").asInt()).isEqualTo(2);
  }

  @Test
  void aStatusPathWithAQueryStringChangesOnlyTheStatus() throws Exception {
    create(
        JOBS,
        "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"j1\"},"
            + "\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"x\"}],"
            + "\"restartPolicy\":\"Never\"}}}}");

    HttpResponse<String> patched =
        send(
            "PATCH",
            JOBS + "/j1/status?fieldManager=kubectl-patch",
            "application/strategic-merge-patch+json",
            "{\"spec\":{\"parallelism\":5},\"status\":{\"active\":1}}");

    assertThat(patched.statusCode()).isEqualTo(200);
    JsonNode job = json(send("GET", JOBS + "/j1", null, null));
    assertThat(job.path("status").path("active").asInt()).isEqualTo(1);
    assertThat(job.path("spec").has("parallelism")).isFalse();
  }

  @Test
  void aProtobufBodyOutsideTheKubernetesEnvelopeIsRefusedNotHung() throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            "/api/v1/namespaces/default/configmaps",
            "application/vnd.kubernetes.protobuf",
            "\u0000binary");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("reason").asText()).isEqualTo("BadRequest");
  }

  @Test
  void aDeletionsProtobufOptionsAreNotRead() throws Exception {
    create(
        "/api/v1/namespaces/default/configmaps",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"gone\"}}");

    HttpResponse<String> deleted =
        send(
            "DELETE",
            "/api/v1/namespaces/default/configmaps/gone",
            "application/vnd.kubernetes.protobuf",
            "k8s\u0000options");

    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
  }

  @Test
  void tablesUseThePrinterColumns() throws Exception {
    create(WFX, execution("tabled"));

    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(uri(WFX + "/tabled"))
                .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")
                .build(),
            BodyHandlers.ofString());

    JsonNode table = json(response);
    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("columnDefinitions").findValuesAsText("name"))
        .containsExactly("Name", "PHASE", "PROGRESS", "REASON", "AGE");
    assertThat(table.path("rows").get(0).path("cells").get(0).asText()).isEqualTo("tabled");
  }

  @Test
  void serverSideApplyCreatesThenRemovesWhatTheConfigurationDropped() throws Exception {
    String withInputs = execution("applied");
    String withoutInputs = withInputs.replace("\"inputs\":{\"k\":\"v\"},", "");

    HttpResponse<String> created =
        send(
            "PATCH",
            WFX + "/applied?fieldManager=me&force=false",
            "application/apply-patch+yaml",
            withInputs);
    HttpResponse<String> updated =
        send(
            "PATCH",
            WFX + "/applied?fieldManager=me",
            "application/apply-patch+yaml",
            withoutInputs);

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(updated.statusCode()).isEqualTo(200);
    assertThat(json(updated).path("spec").has("inputs")).isFalse();
  }

  @Test
  void watchesStreamJsonLinesOverPlainHttp() throws Exception {
    String list = send("GET", WFX, null, null).body();
    String version =
        Json.parse(list.getBytes(StandardCharsets.UTF_8))
            .path("metadata")
            .path("resourceVersion")
            .asText();
    HttpResponse<java.io.InputStream> watch =
        HTTP.send(
            HttpRequest.newBuilder(
                    uri(
                        WFX
                            + "?watch=true&resourceVersion="
                            + version
                            + "&fieldSelector=metadata.name%3Dwatched"))
                .build(),
            BodyHandlers.ofInputStream());
    assertThat(watch.statusCode()).isEqualTo(200);

    create(WFX, execution("watched"));

    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(watch.body(), StandardCharsets.UTF_8))) {
      String line = lines.readLine();
      while (line != null && line.isBlank()) {
        line = lines.readLine();
      }
      JsonNode event = Json.parse(line.getBytes(StandardCharsets.UTF_8));
      assertThat(event.path("type").asText()).isEqualTo("ADDED");
      assertThat(event.path("object").path("metadata").path("name").asText()).isEqualTo("watched");
    }
  }

  @Test
  void aWatchByNameFromAVersionReportsADeletionThatHappenedBeforeIt() throws Exception {
    create(WFX, execution("short-lived"));
    // As kubectl delete and kubectl wait do: list by name, then watch from the list's version.
    String byName = "fieldSelector=metadata.name%3Dshort-lived";
    String version =
        json(send("GET", WFX + "?" + byName, null, null))
            .path("metadata")
            .path("resourceVersion")
            .asText();
    send("DELETE", WFX + "/short-lived", null, null);

    HttpResponse<java.io.InputStream> watch =
        HTTP.send(
            HttpRequest.newBuilder(
                    uri(WFX + "?watch=true&resourceVersion=" + version + "&" + byName))
                .build(),
            BodyHandlers.ofInputStream());

    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(watch.body(), StandardCharsets.UTF_8))) {
      JsonNode event = Json.parse(lines.readLine().getBytes(StandardCharsets.UTF_8));
      assertThat(event.path("type").asText()).isEqualTo("DELETED");
      assertThat(event.path("object").path("metadata").path("name").asText())
          .isEqualTo("short-lived");
    }
  }

  /** An execution of two nodes, b after a, with one input. */
  private static String execution(String name) {
    return "{\"apiVersion\":\"terminus.dev/v1alpha1\",\"kind\":\"WorkflowExecution\","
        + "\"metadata\":{\"name\":\""
        + name
        + "\"},\"spec\":{\"inputs\":{\"k\":\"v\"},"
        + "\"workflow\":{\"nodes\":[{\"name\":\"a\",\"image\":\"x\"},"
        + "{\"name\":\"b\",\"image\":\"x\",\"dependsOn\":[\"a\"]}]}}}";
  }

  private static void create(String collection, String body) throws Exception {
    HttpResponse<String> created = send("POST", collection, "application/json", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  private static HttpResponse<String> send(
      String method, String path, String contentType, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(10))
            .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return HTTP.send(request.build(), BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create(front.url() + path);
  }

  private static JsonNode json(HttpResponse<String> response) {
    return Json.parse(response.body().getBytes(StandardCharsets.UTF_8));
  }
}
