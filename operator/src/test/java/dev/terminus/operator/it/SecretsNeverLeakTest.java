package dev.terminus.operator.it;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.app.TerminusOperator;
import dev.terminus.operator.harness.FakeJobController;
import dev.terminus.operator.harness.Script;
import dev.terminus.operator.harness.TestCluster;
import dev.terminus.operator.reconciler.KubernetesEventRecorder;
import dev.terminus.operator.sinks.ProjectionSink;
import dev.terminus.operator.watchdog.HeartbeatSource;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Credentials are only referenced: a known value placed in a Secret used by a node never reaches
 * the execution's status, its Events, the operator's logs or its metrics, nor the Job manifest.
 */
class SecretsNeverLeakTest {
  private static final String CANARY = "sk-terminus-canary-7f3a9c";

  @Test
  void aSecretValueUsedByANodeAppearsNowhere() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.start();
    root.addAppender(logs);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (TestCluster cluster = TestCluster.start();
        FakeJobController jobs =
            new FakeJobController(cluster.newClient(), Script.succeedAll()).start()) {
      var client = cluster.newClient();
      cluster
          .client()
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("llm-cred")
                  .withNamespace("default")
                  .endMetadata()
                  .addToStringData("apiKey", CANARY)
                  .build())
          .create();
      TerminusOperator operator =
          TerminusOperator.create(
                  client,
                  OperatorHarness.fastConfig(),
                  HeartbeatSource.NONE,
                  new KubernetesEventRecorder(client),
                  registry,
                  ProjectionSink.NONE,
                  Clock.systemUTC())
              .start();
      try {
        cluster
            .client()
            .resource(
                execution("secretive")
                    .nodes(
                        node("llm").credentials("llm-cred", "apiKey"),
                        node("after").dependsOn("llm"))
                    .build())
            .create();
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  WorkflowExecution w =
                      cluster
                          .client()
                          .resources(WorkflowExecution.class)
                          .withName("secretive")
                          .get();
                  return w.getStatus() != null && w.getStatus().phase() == ExecutionPhase.Succeeded;
                });

        WorkflowExecution done =
            cluster.client().resources(WorkflowExecution.class).withName("secretive").get();
        String status = cluster.client().getKubernetesSerialization().asJson(done);
        String events =
            cluster.client().v1().events().list().getItems().stream()
                .map(Event::getMessage)
                .collect(Collectors.joining("\n"));
        String jobsJson =
            cluster.client().getKubernetesSerialization().asJson(jobs.jobs("secretive"));
        String logText =
            logs.list.stream()
                .map(ILoggingEvent::getFormattedMessage)
                .collect(Collectors.joining("\n"));

        assertThat(jobsJson).contains("\"secretKeyRef\"").contains("llm-cred");
        assertThat(status).doesNotContain(CANARY);
        assertThat(events).isNotEmpty().doesNotContain(CANARY);
        assertThat(jobsJson).doesNotContain(CANARY);
        assertThat(logText).isNotEmpty().doesNotContain(CANARY);
        assertThat(registry.scrape()).doesNotContain(CANARY);
      } finally {
        operator.close();
      }
    } finally {
      root.detachAppender(logs);
    }
  }
}
