package dev.terminus.embedded.e2e;

import static dev.terminus.embedded.e2e.Executions.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.terminus.cluster.kubectl.Kubectl;
import dev.terminus.embedded.e2e.ExampleExpectation.Outcome;
import dev.terminus.operator.config.ProjectionConfig;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Embedded mode with the local runner, the real worker jar and the embedded PostgreSQL and Redis,
 * driven by the real kubectl through the commands a user types. The examples are applied first, so
 * they run while the other tests do.
 */
@TestMethodOrder(OrderAnnotation.class)
class KubectlEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static EmbeddedCluster cluster;
  private static Kubectl kubectl;
  private static List<ExampleExpectation> examples;

  @BeforeAll
  static void start() throws IOException {
    cluster = EmbeddedCluster.start(true, true);
    kubectl = cluster.kubectl;
    System.out.println("kubectl: " + kubectl.version());
    examples = new ArrayList<>();
    try (Stream<java.nio.file.Path> files = Files.list(EmbeddedCluster.EXAMPLES)) {
      for (var file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        examples.add(ExampleExpectation.of(file));
      }
    }
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void applyExamplesWithClientSideValidation() {
    Kubectl.Result applied = kubectl.run("apply", "-f", EmbeddedCluster.EXAMPLES.toString()).ok();

    for (ExampleExpectation example : examples) {
      assertThat(applied.out())
          .contains("workflowexecution.terminus.dev/" + example.execution() + " created");
    }
    assertThat(applied.out()).contains("workflow.terminus.dev/diamond created");
  }

  @Test
  @Order(2)
  void aManifestBreakingTheSchemaIsRefusedWithEveryFieldAndRule() {
    String bad =
        """
        apiVersion: terminus.dev/v1alpha1
        kind: WorkflowExecution
        metadata:
          name: bad
        spec:
          activeDeadlineSeconds: 0
          workflow:
            nodes:
              - name: Not_A_Name
                image: busybox
        """;
    Kubectl.Result invalid = kubectl.runWithInput(bad, "apply", "-f", "-");
    assertThat(invalid.exitCode()).isNotZero();
    assertThat(invalid.err())
        .contains("The WorkflowExecution \"bad\" is invalid")
        .contains("spec.activeDeadlineSeconds: Invalid value: 0")
        .contains("should be greater than or equal to 1")
        .contains("spec.workflow.nodes[0].name: Invalid value: \"Not_A_Name\"");

    Kubectl.Result unknown =
        kubectl.runWithInput(
            bad.replace("activeDeadlineSeconds: 0", "deadline: 5"), "apply", "-f", "-");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.err()).contains("strict decoding error: unknown field \"spec.deadline\"");
  }

  @Test
  @Order(3)
  void waitForTheHelloWorldExample() {
    Kubectl.Result waited =
        kubectl
            .run(
                "wait",
                "--for=jsonpath={.status.phase}=Succeeded",
                "wfx/hello-world",
                "--timeout=60s")
            .ok();

    assertThat(waited.out()).contains("workflowexecution.terminus.dev/hello-world condition met");
    assertThat(
            kubectl
                .run("get", "wfx", "hello-world", "-o", "jsonpath={.status.nodes[0].outputPreview}")
                .ok()
                .out())
        .isEqualTo("hello, world");
  }

  @Test
  @Order(7)
  void cancelWithAMergePatchKillsTheRunningProcess() {
    kubectl
        .run(
            "wait",
            "--for=jsonpath={.status.nodes[0].phase}=Running",
            "wfx/cancel-me",
            "--timeout=60s")
        .ok();
    assertThat(runningSleeps()).isNotEmpty();

    Kubectl.Result patched =
        kubectl
            .run(
                "patch",
                "wfx",
                "cancel-me",
                "--type",
                "merge",
                "-p",
                "{\"spec\":{\"cancel\":true}}")
            .ok();

    assertThat(patched.out()).contains("workflowexecution.terminus.dev/cancel-me patched");
    kubectl
        .run("wait", "--for=jsonpath={.status.phase}=Cancelled", "wfx/cancel-me", "--timeout=60s")
        .ok();
    await()
        .atMost(WAIT)
        .until(
            () ->
                kubectl
                    .run("get", "jobs", "-l", "terminus.dev/execution=cancel-me", "-o", "name")
                    .out()
                    .isBlank());
  }

  @Test
  @Order(8)
  void approveWithAMergePatch() {
    kubectl
        .run(
            "wait",
            "--for=jsonpath={.status.reason}=WaitingForApproval",
            "wfx/release-run-1",
            "--timeout=60s")
        .ok();

    kubectl
        .run(
            "patch",
            "wfx",
            "release-run-1",
            "--type",
            "merge",
            "-p",
            "{\"spec\":{\"approvals\":{\"review\":{\"decision\":\"Approved\",\"by\":\"e2e\"}}}}")
        .ok();
  }

  @Test
  @Order(9)
  void everyExampleEndsAsItsExpectLineSays() throws Exception {
    for (ExampleExpectation example : examples) {
      kubectl
          .run(
              "wait",
              "--for=jsonpath={.status.phase}=" + example.outcome().phase(),
              "wfx/" + example.execution(),
              "--timeout=90s")
          .ok();
      JsonNode status =
          JSON.readTree(kubectl.run("get", "wfx", example.execution(), "-o", "json").ok().out())
              .path("status");
      assertOutcome(example.execution(), status, example.outcome());
      example
          .nodes()
          .forEach(
              (node, outcome) ->
                  assertOutcome(example.execution() + "/" + node, node(status, node), outcome));
    }
  }

  @Test
  @Order(10)
  void aRealResultTravelsDownstream() throws Exception {
    JsonNode status =
        JSON.readTree(kubectl.run("get", "wfx", "diamond-outputs", "-o", "json").ok().out())
            .path("status");

    assertThat(node(status, "fetch").path("outputPreview").asText())
        .isEqualTo("3 facts about zombie executions");
    assertThat(node(status, "report").path("outputPreview").asText())
        .isEqualTo("report: summary of (3 facts about zombie executions); words: 5");
  }

  @Test
  @Order(11)
  void aProcessPastItsDeadlineIsKilledAndTheJobFailsDeadlineExceeded() throws Exception {
    Kubectl.Result jobs =
        kubectl
            .run(
                "get",
                "jobs",
                "-l",
                "terminus.dev/execution=deadline",
                "-o",
                "jsonpath={.items[0].status.conditions[?(@.type==\"Failed\")].reason}")
            .ok();

    assertThat(jobs.out()).isEqualTo("DeadlineExceeded");
    assertThat(runningSleeps()).isEmpty();
  }

  @Test
  @Order(13)
  void jobsAndPodsByExecutionLabel() {
    Kubectl.Result listed =
        kubectl.run("get", "jobs,pods", "-l", "terminus.dev/execution=failing-retries").ok();

    assertThat(listed.out())
        .containsPattern("job.batch/failing-retries-always-fails-1\\s+Failed\\s+0/1")
        .containsPattern("job.batch/failing-retries-always-fails-3\\s+Failed\\s+0/1")
        .containsPattern("pod/failing-retries-always-fails-3-\\w{5}\\s+0/1\\s+Error\\s+0");
    assertThat(kubectl.run("logs", "job/failing-retries-always-fails-1").ok().out())
        .contains("upstream answered 503");
  }

  @Test
  @Order(14)
  void deleteRemovesTheExecutionWithItsJobsAndPods() {
    Kubectl.Result deleted = kubectl.run("delete", "wfx", "diamond-outputs").ok();

    assertThat(deleted.out())
        .contains("workflowexecution.terminus.dev \"diamond-outputs\" deleted");
    assertThat(kubectl.run("get", "wfx", "diamond-outputs").err()).contains("NotFound");
    assertThat(
            kubectl.run("get", "jobs,pods", "-l", "terminus.dev/execution=diamond-outputs").err())
        .contains("No resources found");
  }

  // kubectl's create commands and auth can-i send protobuf bodies (built-in kinds).

  @Test
  @Order(18)
  void createJobIsStoredAndRunByTheLocalRunner() throws Exception {
    kubectl
        .run(
            "create",
            "job",
            "greet",
            "--image=busybox",
            "--",
            "sh",
            "-c",
            "echo hello from a kubectl job")
        .ok();

    JsonNode job = getJson("job", "greet");
    JsonNode container = job.path("spec").path("template").path("spec").path("containers").get(0);
    assertThat(container.path("image").asText()).isEqualTo("busybox");
    assertThat(container.path("command").toString())
        .isEqualTo("[\"sh\",\"-c\",\"echo hello from a kubectl job\"]");
    assertThat(job.path("spec").path("template").path("spec").path("restartPolicy").asText())
        .isEqualTo("Never");
    assertThat(job.path("metadata").path("labels").has("terminus.dev/execution")).isFalse();
    kubectl.run("wait", "--for=condition=Complete", "job/greet", "--timeout=60s").ok();
    assertThat(kubectl.run("logs", "job/greet").ok().out()).isEqualTo("hello from a kubectl job\n");
  }

  @Test
  @Order(20)
  void aSecretReachesTheContainerAndAMissingOneFailsTheNodeConfigError() throws Exception {
    kubectl.run("create", "secret", "generic", "llm-cred", "--from-literal=api-key=s3cr3t!").ok();
    assertThat(decoded(getJson("secret", "llm-cred"), "api-key")).isEqualTo("s3cr3t!");
    kubectl.runWithInput(withCredential("with-secret", "llm-cred"), "apply", "-f", "-").ok();
    kubectl
        .runWithInput(withCredential("missing-secret", "no-such-secret"), "apply", "-f", "-")
        .ok();

    kubectl
        .run("wait", "--for=jsonpath={.status.phase}=Succeeded", "wfx/with-secret", "--timeout=60s")
        .ok();
    assertThat(
            kubectl
                .run("get", "wfx", "with-secret", "-o", "jsonpath={.status.nodes[0].outputPreview}")
                .ok()
                .out())
        .isEqualTo("key of 7 characters");
    kubectl
        .run("wait", "--for=jsonpath={.status.phase}=Failed", "wfx/missing-secret", "--timeout=60s")
        .ok();
    assertThat(
            kubectl
                .run(
                    "get",
                    "wfx",
                    "missing-secret",
                    "-o",
                    "jsonpath={.status.nodes[0].reason}: {.status.nodes[0].message}")
                .ok()
                .out())
        .startsWith("ConfigError: ")
        .contains("CreateContainerConfigError")
        .contains("secret \"no-such-secret\" not found");
  }

  @Test
  @Order(21)
  void executionsAreProjectedIntoTheEmbeddedPostgresAndRedis() throws Exception {
    ProjectionConfig stores = cluster.terminus.projections();
    String uid =
        kubectl.run("get", "wfx", "hello-world", "-o", "jsonpath={.metadata.uid}").ok().out();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              try (Connection db = DriverManager.getConnection(stores.postgresUrl());
                  ResultSet row =
                      db.createStatement()
                          .executeQuery(
                              "SELECT phase, progress FROM executions WHERE uid = '" + uid + "'")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString("phase")).isEqualTo("Succeeded");
                assertThat(row.getString("progress")).isEqualTo("1/1");
              }
            });
    RedisClient redis = RedisClient.create(stores.redisUrl());
    try (var connection = redis.connect()) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(connection.sync().hget("terminus:execution:" + uid, "phase"))
                      .isEqualTo("Succeeded"));
    } finally {
      redis.shutdown();
    }
  }

  private static JsonNode getJson(String... what) throws IOException {
    List<String> args = new ArrayList<>(List.of("get"));
    args.addAll(List.of(what));
    args.addAll(List.of("-o", "json"));
    return JSON.readTree(kubectl.run(args.toArray(String[]::new)).ok().out());
  }

  /** A Secret's data value, decoded from base64. */
  private static String decoded(JsonNode secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.path("data").path(key).asText()), StandardCharsets.UTF_8);
  }

  private static String withCredential(String name, String secret) {
    return Executions.inline(
        name,
        """
        nodes:
          - name: call
            component: command
            credentials:
              secretRef: {name: %s, key: api-key}
            config:
              command: ["sh", "-c", "echo key of ${#TERMINUS_API_KEY} characters"]
        """
            .formatted(secret));
  }

  private static void assertOutcome(String what, JsonNode status, Outcome expected) {
    assertThat(status.path("phase").asText()).as(what + " phase").isEqualTo(expected.phase());
    if (expected.reason() != null) {
      assertThat(status.path("reason").asText()).as(what + " reason").isEqualTo(expected.reason());
    }
  }

  /** The examples' long sleeps ("sleep 600") still running under this JVM. */
  private static List<String> runningSleeps() {
    return ProcessHandle.current()
        .descendants()
        .map(p -> p.info().commandLine().orElse(""))
        .filter(c -> c.contains("sleep 600"))
        .toList();
  }

  static String helloWorld(String name) {
    return Executions.inline(
        name,
        """
        nodes:
          - name: hello
            component: command
            config:
              command: ["sh", "-c", "echo hello from %s"]
        """
            .formatted(name));
  }
}
