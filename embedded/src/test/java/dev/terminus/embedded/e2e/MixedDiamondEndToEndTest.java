package dev.terminus.embedded.e2e;

import static dev.terminus.embedded.e2e.Executions.awaitPhase;
import static dev.terminus.embedded.e2e.Executions.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.terminus.cluster.kubectl.Kubectl;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The three components of the reference worker in one DAG, end to end: embedded mode with the local
 * runner (each node a real worker process), driven by the real kubectl, against an HTTP page and an
 * OpenAI-compatible chat server started by the test on 127.0.0.1. The LLM's API key comes from a
 * Secret created with kubectl, through the node's {@code credentials}.
 */
@TestMethodOrder(OrderAnnotation.class)
class MixedDiamondEndToEndTest {

  /**
   * Bound of the diamond: three levels of worker JVMs started one after the other, on a busy
   * machine (each usually takes 1-3 s).
   */
  private static final Duration DIAMOND_BOUND = Duration.ofSeconds(90);

  /** Bound of an execution of one node that fails. */
  private static final Duration FAILURE_BOUND = Duration.ofSeconds(60);

  private static final String MARKER = "m4rk-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String PAGE = "zombie facts from " + MARKER;
  private static final String API_KEY = "sk-e2e-" + UUID.randomUUID().toString().replace("-", "");

  private static EmbeddedCluster cluster;
  private static Kubectl kubectl;
  private static FakeServers.TextPage page;
  private static FakeServers.ChatCompletions llm;

  @BeforeAll
  static void start() throws Exception {
    page = new FakeServers.TextPage(PAGE);
    llm = new FakeServers.ChatCompletions();
    cluster = EmbeddedCluster.start(true, false);
    kubectl = cluster.kubectl;
    kubectl
        .runWithInput(
            """
            apiVersion: v1
            kind: Secret
            metadata:
              name: llm-key
            stringData:
              api-key: %s
              empty: ""
            """
                .formatted(API_KEY),
            "apply",
            "-f",
            "-")
        .ok();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (page != null) {
      page.close();
    }
    if (llm != null) {
      llm.close();
    }
  }

  @Test
  @Order(1)
  void mixedDiamondOfHttpLlmAndCommandNodesPassesDataAndSucceeds() {
    kubectl.runWithInput(diamond(), "apply", "-f", "-").ok();

    JsonNode status = awaitPhase(kubectl, "mixed-diamond", "Succeeded", DIAMOND_BOUND);

    assertThat(status.path("reason").asText()).isEqualTo("Succeeded");
    assertThat(status.path("progress").asText()).isEqualTo("4/4");
    for (String name : new String[] {"fetch", "summarize", "count", "report"}) {
      assertThat(node(status, name).path("phase").asText()).as(name).isEqualTo("Succeeded");
    }
    assertThat(node(status, "fetch").path("outputPreview").asText()).isEqualTo(PAGE);
    assertThat(node(status, "summarize").path("outputPreview").asText())
        .isEqualTo("summary of (" + PAGE + ")");
    assertThat(node(status, "count").path("outputPreview").asText()).isEqualTo("4");
    // Only the page has the marker, only the fake LLM writes "summary of", only count counts:
    // report's output went through every upstream.
    assertThat(node(status, "report").path("outputPreview").asText())
        .isEqualTo("report: summary of (zombie facts from " + MARKER + "); words: 4");
    assertThat(page.requests).containsExactly("GET /facts");

    JsonNode usage = node(status, "summarize").path("usage");
    assertThat(usage.path("tokens").asLong()).isEqualTo(FakeServers.ChatCompletions.TOTAL_TOKENS);
    assertThat(usage.path("costMicros").asLong()).isEqualTo(105); // 42 tokens x 2.5
    assertThat(status.path("usage").path("tokens").asLong())
        .isEqualTo(FakeServers.ChatCompletions.TOTAL_TOKENS);

    assertThat(llm.authorizations).containsExactly("Bearer " + API_KEY);
    JsonNode request = llm.requests.peek();
    assertThat(request.path("model").asText()).isEqualTo(FakeServers.ChatCompletions.MODEL);
    assertThat(request.path("messages").path(1).path("content").asText()).isEqualTo(PAGE);
    assertTheKeyAppearsNowhereButInTheSecret("mixed-diamond-summarize-1");
  }

  /** Incident e5c64137: a misnamed model answered 404, and the execution stayed running. */
  @Test
  @Order(2)
  void e5c64137_unknownModelFailsTheNodeModelNotFoundNamingTheModel() {
    kubectl.runWithInput(llmOnly("unknown-model", "claude-o", "api-key"), "apply", "-f", "-").ok();

    JsonNode status = awaitPhase(kubectl, "unknown-model", "Failed", FAILURE_BOUND);

    assertThat(status.path("reason").asText()).isEqualTo("NodeFailed");
    JsonNode ask = node(status, "ask");
    assertThat(ask.path("phase").asText()).isEqualTo("Failed");
    assertThat(ask.path("reason").asText()).isEqualTo("Error");
    assertThat(ask.path("errorType").asText()).isEqualTo("ModelNotFound");
    assertThat(ask.path("message").asText())
        .startsWith("ModelNotFound: model \"claude-o\" not found at " + llm.baseUrl())
        .contains("HTTP 404")
        .contains("The model `claude-o` does not exist");
    assertThat(ask.path("attempts").asInt()).isEqualTo(1);
    // The fake provider quoted the key in its 404 body: the worker redacted it.
    assertThat(llm.authorizations).contains("Bearer " + API_KEY);
    assertTheKeyAppearsNowhereButInTheSecret("unknown-model-ask-1");
  }

  /** Diagnostic C5: a credential that is empty or missing is a typed failure, not a crash. */
  @Test
  @Order(3)
  void C5_emptyCredentialFailsMissingCredentialAndAMissingKeyFailsConfigError() {
    int callsBefore = llm.requests.size();
    kubectl
        .runWithInput(
            llmOnly("empty-key", FakeServers.ChatCompletions.MODEL, "empty"), "apply", "-f", "-")
        .ok();
    kubectl
        .runWithInput(
            llmOnly("missing-key", FakeServers.ChatCompletions.MODEL, "no-such-key"),
            "apply",
            "-f",
            "-")
        .ok();

    JsonNode empty = node(awaitPhase(kubectl, "empty-key", "Failed", FAILURE_BOUND), "ask");
    JsonNode missing = node(awaitPhase(kubectl, "missing-key", "Failed", FAILURE_BOUND), "ask");

    assertThat(empty.path("reason").asText()).isEqualTo("Error");
    assertThat(empty.path("errorType").asText()).isEqualTo("MissingCredential");
    assertThat(empty.path("message").asText())
        .startsWith("MissingCredential: environment variable TERMINUS_API_KEY is empty");
    assertThat(missing.path("reason").asText()).isEqualTo("ConfigError");
    assertThat(missing.path("message").asText())
        .contains("CreateContainerConfigError")
        .contains("couldn't find key no-such-key in Secret default/llm-key");
    assertThat(llm.requests).as("no request without a key").hasSize(callsBefore);
  }

  /**
   * The key went to the LLM server and nowhere else: not into the execution (spec or status), its
   * Events, the Job and Pod manifests (only the Secret reference) or the node's log.
   */
  private static void assertTheKeyAppearsNowhereButInTheSecret(String llmJob) {
    assertThat(kubectl.run("get", "wfx", "-o", "yaml").ok().out())
        .contains("llm-key")
        .doesNotContain(API_KEY);
    assertThat(kubectl.run("get", "events", "-o", "yaml").ok().out())
        .contains("involvedObject")
        .doesNotContain(API_KEY);
    assertThat(kubectl.run("get", "jobs,pods", "-o", "yaml").ok().out())
        .contains("secretKeyRef")
        .doesNotContain(API_KEY);
    assertThat(kubectl.run("logs", "job/" + llmJob).ok().out()).doesNotContain(API_KEY);
  }

  private static String diamond() {
    return Executions.inline(
        "mixed-diamond",
        """
        defaults:
          activeDeadlineSeconds: 60
        nodes:
          - name: fetch
            component: http
            config:
              url: %s
          - name: summarize
            dependsOn: [fetch]
            component: llm
            credentials:
              secretRef: {name: llm-key, key: api-key}
            config:
              baseUrl: %s
              model: %s
              costMicrosPerToken: 2.5
              messages:
                - {role: system, content: "You summarize in one line."}
                - {role: user, content: "${inputs.fetch}"}
          - name: count
            dependsOn: [fetch]
            component: command
            config:
              command: ["sh", "-c", 'echo "$1" | wc -w | tr -d " "', "sh", "${inputs.fetch}"]
          - name: report
            dependsOn: [summarize, count]
            component: command
            config:
              command: ["sh", "-c", 'echo "report: $1; words: $2"', "sh",
                        "${inputs.summarize}", "${inputs.count}"]
        """
            .formatted(page.url(), llm.baseUrl(), FakeServers.ChatCompletions.MODEL));
  }

  /** One llm node asking {@code model}, its key from the Secret's {@code key}. */
  private static String llmOnly(String name, String model, String key) {
    return Executions.inline(
        name,
        """
        defaults:
          activeDeadlineSeconds: 60
        nodes:
          - name: ask
            component: llm
            credentials:
              secretRef: {name: llm-key, key: %s}
            config:
              baseUrl: %s
              model: %s
              messages:
                - {role: user, content: "Say hello."}
        """
            .formatted(key, llm.baseUrl(), model));
  }
}
