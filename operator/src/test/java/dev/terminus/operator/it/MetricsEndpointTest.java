package dev.terminus.operator.it;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.app.OperationsServer;
import dev.terminus.operator.app.TerminusOperator;
import dev.terminus.operator.harness.FakeJobController;
import dev.terminus.operator.harness.Script;
import dev.terminus.operator.harness.TestCluster;
import dev.terminus.operator.reconciler.KubernetesEventRecorder;
import dev.terminus.operator.sinks.ProjectionSink;
import dev.terminus.operator.watchdog.HeartbeatSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * /healthz, /readyz and /metrics of a running operator; the scrape is validated by Prometheus' own
 * parser ({@code promtool check metrics}): the promtool of environment variable PROMTOOL (make test
 * sets it to a pinned one that operator/promtool.sh builds), else the one on the PATH. Without
 * either the test fails; it never skips.
 */
class MetricsEndpointTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void endpointsServeProbesAndAValidPrometheusScrape() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (TestCluster cluster = TestCluster.start();
        FakeJobController jobs =
            new FakeJobController(cluster.newClient(), Script.succeedAll()).start()) {
      var client = cluster.newClient();
      TerminusOperator operator =
          TerminusOperator.create(
              client,
              OperatorHarness.fastConfig(),
              HeartbeatSource.NONE,
              new KubernetesEventRecorder(client),
              registry,
              ProjectionSink.NONE,
              Clock.systemUTC());
      try (OperationsServer server =
          new OperationsServer(0, registry, operator::healthy, operator::ready).start()) {
        assertThat(get(server, "/readyz").statusCode()).isEqualTo(503);
        operator.start();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> get(server, "/readyz").statusCode() == 200);
        assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);

        cluster
            .client()
            .resource(execution("scraped").nodes(node("a"), node("b")).build())
            .create();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  WorkflowExecution w =
                      cluster.client().resources(WorkflowExecution.class).withName("scraped").get();
                  return w.getStatus() != null && w.getStatus().phase() == ExecutionPhase.Succeeded;
                });

        // Transitions are counted just after the status is written: wait for the last one.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    get(server, "/metrics")
                        .body()
                        .contains(
                            "terminus_transitions_total{kind=\"execution\",phase=\"Succeeded\""));
        HttpResponse<String> scrape = get(server, "/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
            .contains("terminus_transitions_total{kind=\"execution\",phase=\"Succeeded\"")
            .contains("terminus_transitions_refused_total 0.0")
            .contains("terminus_executions{phase=\"Succeeded\"} 1.0")
            .contains("terminus_node_attempt_duration_seconds_count{phase=\"Succeeded\"} 2")
            .contains(
                "terminus_reconcile_seconds_count{controller=\"workflowexecution\",outcome=\"success\"}");
        assertThat(promtoolCheck(scrape.body())).isEqualTo("");
      } finally {
        operator.close();
      }
    }
  }

  private HttpResponse<String> get(OperationsServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String promtool() {
    String configured = System.getenv("PROMTOOL");
    return configured == null || configured.isBlank() ? "promtool" : configured;
  }

  /** Runs promtool on the scrape; returns its complaints (empty when the scrape is valid). */
  private static String promtoolCheck(String scrape) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(promtool(), "check", "metrics").redirectErrorStream(true).start();
    } catch (IOException missing) {
      throw new AssertionError(
          "promtool is needed to validate the scrape: run make test, or set PROMTOOL to the path"
              + " that `bash operator/promtool.sh` prints (it builds a pinned one with Go)",
          missing);
    }
    p.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // promtool exits 0 for a valid scrape; lint remarks (e.g. on counters' help) are printed.
    return p.exitValue() == 0 ? "" : out;
  }
}
