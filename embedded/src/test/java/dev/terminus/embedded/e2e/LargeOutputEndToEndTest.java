package dev.terminus.embedded.e2e;

import static dev.terminus.embedded.e2e.Executions.awaitPhase;
import static dev.terminus.embedded.e2e.Executions.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.terminus.cluster.kubectl.Kubectl;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An output far larger than a termination message (4096 bytes) travels downstream whole: the real
 * worker stores it in the embedded Redis and reports a reference, the operator records the
 * reference and hands it to the downstream node in TERMINUS_INPUTS, and the downstream worker
 * resolves it before filling {@code ${inputs.<node>}}.
 */
class LargeOutputEndToEndTest {

  private static final int SIZE = 10_000;
  private static final Duration BOUND = Duration.ofSeconds(90);

  private static EmbeddedCluster cluster;
  private static Kubectl kubectl;

  @BeforeAll
  static void start() throws IOException {
    cluster = EmbeddedCluster.start(true, true);
    kubectl = cluster.kubectl;
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void anOutputBeyondTheTerminationMessageReachesTheDownstreamNodeWhole() {
    kubectl
        .runWithInput(
            Executions.inline(
                "large-output",
                """
                nodes:
                  - name: big
                    component: command
                    config:
                      command: ["sh", "-c", "head -c %d /dev/zero | tr '\\\\0' x; echo END"]
                  - name: measure
                    dependsOn: [big]
                    component: command
                    config:
                      command: ["sh", "-c", "printf %%s \\"$1\\" | wc -c | tr -d ' '; echo \\"${1##*x}\\"", "sh", "${inputs.big}"]
                """
                    .formatted(SIZE)),
            "apply",
            "-f",
            "-")
        .ok();

    JsonNode status = awaitPhase(kubectl, "large-output", "Succeeded", BOUND);

    JsonNode big = node(status, "big");
    assertThat(big.path("outputTruncated").asBoolean()).isTrue();
    assertThat(big.path("outputPreview").asText().length()).isLessThan(SIZE);
    String ref = big.path("outputRef").asText();
    String key = "terminus:output:" + Executions.uid(kubectl, "large-output") + ":big:1";
    assertThat(ref).startsWith("redis://").endsWith("/" + key);
    assertThat(URI.create(ref).getUserInfo()).as("no credential in the status").isNull();
    // Everything the upstream printed arrived: 10,000 x and "END" (plus the final newline, if the
    // worker keeps it), counted downstream, and the tail after the last x.
    String[] measured =
        node(status, "measure").path("outputPreview").asText().strip().split("\\s+");
    assertThat(measured).hasSize(2);
    assertThat(Integer.parseInt(measured[0]))
        .isBetween(SIZE + "END".length(), SIZE + "END".length() + 1);
    assertThat(measured[1]).isEqualTo("END");

    RedisClient redis = RedisClient.create(cluster.terminus.projections().redisUrl());
    try (StatefulRedisConnection<String, String> connection = redis.connect()) {
      String stored = connection.sync().get(key);
      assertThat(stored).hasSizeGreaterThanOrEqualTo(SIZE).startsWith("xxx").contains("END");
    } finally {
      redis.shutdown();
    }
  }
}
