package dev.terminus.operator.it;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.config.ProjectionConfig;
import dev.terminus.operator.harness.Behaviour;
import dev.terminus.operator.harness.Script;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An output kept in Redis travels downstream by reference: the fake Job controller writes the
 * termination message a worker writes for a large output, and the downstream Job's TERMINUS_INPUTS
 * carries the ref. No Redis is contacted: the operator only passes the ref on.
 */
class LargeOutputsTest {
  private static final String REDIS = "redis://redis.terminus:6379";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static OperatorHarness h;

  @BeforeAll
  static void start() {
    h =
        new OperatorHarness(
            OperatorHarness.fastConfig().with(ProjectionConfig.NONE.withRedisUrl(REDIS)));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void theDownstreamJobGetsTheRefOfAStoredOutputAndNeverACredential() throws Exception {
    // The worker names its keys by the execution's uid, known once the API server created it:
    // the script is asked when the fake controller first sees a Job, by then it is.
    Script others =
        Script.succeedAll()
            .on("small", Behaviour.succeed().withTerminationMessage(result("all of it")));
    h.jobs.setScript(
        (node, attempt) ->
            switch (node) {
              case "fetch" -> stored("the start", ref("fetch"));
              case "leak" ->
                  stored("leaked start", ref("leak").replace("redis://", "redis://:hunter2@"));
              default -> others.behaviourFor(node, attempt);
            });
    h.create(
        execution("big-1")
            .nodes(
                node("fetch"),
                node("leak"),
                node("small"),
                node("use").dependsOn("fetch", "leak", "small"))
            .build());

    WorkflowExecution done = h.awaitPhase("big-1", ExecutionPhase.Succeeded);
    assertThat(done.getMetadata().getUid()).isNotBlank();
    String ref = ref("fetch");

    NodeStatus fetch = nodeOf(done, "fetch");
    assertThat(fetch.outputRef()).isEqualTo(ref);
    assertThat(fetch.outputTruncated()).isTrue();
    assertThat(nodeOf(done, "leak").outputRef()).isNull();
    assertThat(nodeOf(done, "small").outputTruncated()).isNull();

    Map<String, String> use = env(job("big-1-use-1"));
    JsonNode inputs = JSON.readTree(use.get("TERMINUS_INPUTS"));
    assertThat(inputs.get("fetch").get("outputRef").asText()).isEqualTo(ref);
    assertThat(inputs.get("fetch").get("preview").asText()).isEqualTo("the start");
    assertThat(inputs.get("leak").asText()).isEqualTo("leaked start");
    assertThat(inputs.get("small").asText()).isEqualTo("all of it");

    for (Job job : h.jobsOf("big-1")) {
      assertThat(env(job))
          .containsEntry("TERMINUS_REDIS_URL", REDIS)
          .containsEntry("TERMINUS_EXECUTION_UID", done.getMetadata().getUid())
          .doesNotContainKey("TERMINUS_HEARTBEAT_INTERVAL_SECONDS");
      assertThat(Serialization.asJson(job)).doesNotContain("hunter2");
    }
    assertThat(Serialization.asJson(done.getStatus())).doesNotContain("hunter2");
  }

  /** Where a worker keeps the large output of a node of big-1: under the execution's uid. */
  private static String ref(String node) {
    return REDIS + "/terminus:output:" + h.get("big-1").getMetadata().getUid() + ":" + node + ":1";
  }

  private static Behaviour stored(String preview, String ref) {
    return Behaviour.succeed()
        .withTerminationMessage(
            "{\"status\":\"succeeded\",\"output\":\""
                + preview
                + "\",\"truncated\":true,\"outputRef\":\""
                + ref
                + "\"}");
  }

  private static String result(String output) {
    return "{\"status\":\"succeeded\",\"output\":\"" + output + "\"}";
  }

  private static Job job(String name) {
    return h.jobsOf("big-1").stream()
        .filter(j -> j.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, String> env(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static NodeStatus nodeOf(WorkflowExecution wfx, String name) {
    return wfx.getStatus().nodes().stream()
        .filter(n -> n.name().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
