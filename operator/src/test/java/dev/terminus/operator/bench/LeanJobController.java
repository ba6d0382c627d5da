package dev.terminus.operator.bench;

import dev.terminus.crd.v1alpha1.Api;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cheapest Job controller that still looks like one to the operator: {@code runTime} after a
 * Job appears, it writes the Job's final status in one request (Complete or Failed, as the script
 * says), and creates no Pod. The throughput and latency figures use it so that the simulated
 * cluster's own requests (a real Job controller and kubelet make about eight per Job) do not hide
 * the operator's cost on the single, shared mock API server; the request counts use the full {@code
 * FakeJobController}.
 */
final class LeanJobController implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LeanJobController.class);

  private final KubernetesClient client;
  private final BiFunction<String, String, LeanOutcome> script;
  private final Duration runTime;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(new NamedThreads("cluster-lean"));
  private SharedIndexInformer<Job> informer;

  /**
   * @param script the outcome of a Job from its execution and node labels
   */
  LeanJobController(
      KubernetesClient client, BiFunction<String, String, LeanOutcome> script, Duration runTime) {
    this.client = client;
    this.script = script;
    this.runTime = runTime;
  }

  LeanJobController start() {
    informer =
        client
            .batch()
            .v1()
            .jobs()
            .inAnyNamespace()
            .withLabel(Api.LABEL_EXECUTION)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Job job) {
                    loop.schedule(() -> finish(job), runTime.toMillis(), TimeUnit.MILLISECONDS);
                  }

                  @Override
                  public void onUpdate(Job before, Job after) {}

                  @Override
                  public void onDelete(Job job, boolean unknown) {}
                });
    return this;
  }

  private void finish(Job job) {
    var labels = job.getMetadata().getLabels();
    LeanOutcome outcome = script.apply(labels.get(Api.LABEL_EXECUTION), labels.get(Api.LABEL_NODE));
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    JobStatusBuilder status = new JobStatusBuilder().withStartTime(now.toString());
    switch (outcome) {
      case SUCCEED ->
          status
              .withSucceeded(1)
              .withCompletionTime(now.toString())
              .withConditions(
                  condition("SuccessCriteriaMet", "CompletionsReached", now),
                  condition("Complete", "CompletionsReached", now));
      case FAIL ->
          status
              .withFailed(1)
              .withConditions(
                  condition("FailureTarget", "BackoffLimitExceeded", now),
                  condition("Failed", "BackoffLimitExceeded", now));
      case RUN_FOREVER -> status.withActive(1);
    }
    job.setStatus(status.build());
    try {
      client.batch().v1().jobs().resource(job).updateStatus();
    } catch (RuntimeException e) {
      LOG.debug("Job {} not finished: {}", job.getMetadata().getName(), e.toString());
    }
  }

  private static JobCondition condition(String type, String reason, Instant now) {
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withLastProbeTime(now.toString())
        .withLastTransitionTime(now.toString())
        .build();
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    loop.shutdownNow();
  }
}
