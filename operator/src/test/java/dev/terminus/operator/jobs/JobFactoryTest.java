package dev.terminus.operator.jobs;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.engine.EngineConfig;
import dev.terminus.operator.engine.OutputRefs;
import dev.terminus.operator.fixtures.ExecutionBuilder;
import dev.terminus.protocol.RedisKeys;
import dev.terminus.protocol.WorkerInputs;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JobFactoryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REDIS = "redis://cache:6379";
  private static final String REF = "redis://cache:6379/terminus:output:uid-1:fetch:1";

  @Test
  void aCompleteUpstreamOutputStaysAPlainString() throws Exception {
    JsonNode inputs = inputsOf(List.of(upstream("fetch", "all of it", false, null)), "fetch");
    assertThat(inputs.get("fetch").isTextual()).isTrue();
    assertThat(inputs.get("fetch").asText()).isEqualTo("all of it");
    assertThat(inputs.get("execution").get("topic").asText()).isEqualTo("cats");
  }

  @Test
  void aStoredUpstreamOutputIsItsRefAndPreview() throws Exception {
    JsonNode inputs =
        inputsOf(
            List.of(
                upstream("fetch", "the start", true, REF), upstream("plain", "small", false, null)),
            "fetch",
            "plain");
    assertThat(inputs.get("fetch").get("outputRef").asText()).isEqualTo(REF);
    assertThat(inputs.get("fetch").get("preview").asText()).isEqualTo("the start");
    assertThat(inputs.get("plain").asText()).isEqualTo("small");
  }

  @Test
  void anUpstreamWithoutOutputIsNull() throws Exception {
    JsonNode inputs = inputsOf(List.of(upstream("fetch", null, false, null)), "fetch");
    assertThat(inputs.get("fetch").isNull()).isTrue();
  }

  @Test
  void manyUpstreamNodesStayWithinTheBoundAndKeepEveryRef() throws Exception {
    List<NodeStatus> nodes = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      String name = "up-" + i;
      names.add(name);
      nodes.add(
          i % 2 == 0
              ? upstream(name, "p".repeat(256), true, REF.replace("fetch", name))
              : upstream(name, "q".repeat(256), true, null));
    }
    Job job = build(node("down").dependsOn(names.toArray(String[]::new)), nodes, REDIS);
    String raw = env(job).get("TERMINUS_INPUTS");
    JsonNode inputs = JSON.readTree(raw);
    int upstreamBytes =
        raw.getBytes(StandardCharsets.UTF_8).length
            - JSON.writeValueAsString(Map.of("execution", inputs.get("execution")))
                .getBytes(StandardCharsets.UTF_8)
                .length;
    assertThat(upstreamBytes).isLessThanOrEqualTo(WorkerInputs.MAX_UPSTREAM_BYTES);
    assertThat(inputs.get("up-0").get("outputRef").asText())
        .isEqualTo(REF.replace("fetch", "up-0"));
    assertThat(inputs.get("up-498").get("outputRef").asText())
        .isEqualTo(REF.replace("fetch", "up-498"));
    assertThat(inputs.get("up-1").asText()).startsWith("q").endsWith("...");
  }

  @Test
  void everyNodeGetsACredentialFreeRedisUrlButOnlyHeartbeatNodesAnInterval() {
    Map<String, String> plain = env(build(node("a"), List.of(), REDIS));
    assertThat(plain).containsEntry("TERMINUS_REDIS_URL", REDIS);
    assertThat(plain)
        .containsEntry(
            "TERMINUS_OUTPUT_PREVIEW_CHARS",
            String.valueOf(EngineConfig.defaults().outputPreviewChars()));
    assertThat(plain).doesNotContainKey("TERMINUS_HEARTBEAT_INTERVAL_SECONDS");

    Map<String, String> beating = env(build(node("a").heartbeat(30), List.of(), REDIS));
    assertThat(beating).containsEntry("TERMINUS_REDIS_URL", REDIS);
    assertThat(beating).containsEntry("TERMINUS_HEARTBEAT_INTERVAL_SECONDS", "10");
  }

  @Test
  void workersAreToldThePreviewBoundOfTheirExecutionsSize() {
    List<dev.terminus.operator.fixtures.NodeBuilder> many = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      many.add(node("n-" + i).image("busybox"));
    }
    ExecutionBuilder large =
        execution("wfx").nodes(many.toArray(dev.terminus.operator.fixtures.NodeBuilder[]::new));

    Map<String, String> env = env(build(large, node("n-0"), List.of(), REDIS));

    int bound = EngineConfig.defaults().forNodes(500).outputPreviewChars();
    assertThat(bound).isLessThan(EngineConfig.defaults().outputPreviewChars());
    assertThat(env).containsEntry("TERMINUS_OUTPUT_PREVIEW_CHARS", String.valueOf(bound));
  }

  @Test
  void withoutARedisUrlNoNodeGetsOne() {
    Map<String, String> env = env(build(node("a").heartbeat(30), List.of(), null));
    assertThat(env).containsEntry("TERMINUS_EXECUTION_UID", "uid-1");
    assertThat(env)
        .doesNotContainKey("TERMINUS_REDIS_URL")
        .doesNotContainKey("TERMINUS_OUTPUT_PREVIEW_CHARS")
        .doesNotContainKey("TERMINUS_HEARTBEAT_INTERVAL_SECONDS");
  }

  @Test
  void sameNamedExecutionsOfTwoNamespacesGetTheirOwnUidAndSoTheirOwnKeys() {
    Map<String, String> a = env(build(execution("wfx").namespace("team-a"), "uid-a"));
    Map<String, String> b = env(build(execution("wfx").namespace("team-b"), "uid-b"));

    assertThat(a).containsEntry("TERMINUS_EXECUTION", "wfx");
    assertThat(b).containsEntry("TERMINUS_EXECUTION", "wfx");
    assertThat(a).containsEntry("TERMINUS_EXECUTION_UID", "uid-a");
    assertThat(b).containsEntry("TERMINUS_EXECUTION_UID", "uid-b");
    // What the operator then reads and accepts for each (the worker writes <uid>:<node>:<attempt>):
    assertThat(RedisKeys.heartbeat("uid-a", "fetch", 1))
        .isNotEqualTo(RedisKeys.heartbeat("uid-b", "fetch", 1));
    String refOfA = "redis://cache:6379/terminus:output:uid-a:fetch:1";
    assertThat(OutputRefs.accepted(refOfA, "uid-a")).contains(refOfA);
    assertThat(OutputRefs.accepted(refOfA, "uid-b")).isEmpty();
  }

  private static Job build(ExecutionBuilder x, String uid) {
    NodeSpec spec = node("fetch").image("busybox").build();
    WorkflowExecution wfx = x.nodes(node("fetch")).build();
    wfx.getMetadata().setUid(uid);
    return new JobFactory("worker:test", Duration.ofHours(1), REDIS, EngineConfig.defaults())
        .build(wfx, x.workflow(), spec, 1, "wfx-fetch-1", List.of());
  }

  private static JsonNode inputsOf(List<NodeStatus> nodes, String... deps) throws Exception {
    return JSON.readTree(
        env(build(node("down").dependsOn(deps), nodes, REDIS)).get("TERMINUS_INPUTS"));
  }

  private static Job build(
      dev.terminus.operator.fixtures.NodeBuilder builder, List<NodeStatus> nodes, String redis) {
    return build(execution("wfx").inputs(Map.of("topic", "cats")), builder, nodes, redis);
  }

  private static Job build(
      ExecutionBuilder x,
      dev.terminus.operator.fixtures.NodeBuilder builder,
      List<NodeStatus> nodes,
      String redis) {
    NodeSpec spec = builder.image("busybox").build();
    WorkflowExecution wfx = x.build();
    wfx.getMetadata().setUid("uid-1");
    return new JobFactory("worker:test", Duration.ofHours(1), redis, EngineConfig.defaults())
        .build(wfx, x.workflow(), spec, 1, "wfx-" + spec.name() + "-1", nodes);
  }

  private static Map<String, String> env(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  /** Read from JSON, as the operator reads it from the resource: no positional nulls. */
  private static NodeStatus upstream(String name, String preview, boolean truncated, String ref) {
    Map<String, Object> status = new java.util.HashMap<>();
    status.put("name", name);
    status.put("phase", NodePhase.Succeeded.name());
    status.put("reason", Reason.Succeeded.name());
    status.put("attempts", 1);
    status.put("outputPreview", preview);
    status.put("outputTruncated", truncated ? Boolean.TRUE : null);
    status.put("outputRef", ref);
    return JSON.convertValue(status, NodeStatus.class);
  }
}
