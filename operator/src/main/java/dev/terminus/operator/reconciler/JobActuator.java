package dev.terminus.operator.reconciler;

import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.operator.engine.JobAction;
import dev.terminus.operator.jobs.JobFactory;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the engine's Job actions happen, idempotently: a Job that already exists under the
 * deterministic name is adopted, a Job already gone is not an error. Any other API error propagates
 * so that the reconcile is retried before the status claims anything (diagnostic M3: no phantom
 * running node).
 */
final class JobActuator {
  private static final Logger log = LoggerFactory.getLogger(JobActuator.class);

  private final KubernetesClient client;
  private final JobFactory factory;

  JobActuator(KubernetesClient client, JobFactory factory) {
    this.client = client;
    this.factory = factory;
  }

  void apply(WorkflowExecution wfx, WorkflowExecutionStatus next, List<JobAction> actions) {
    for (JobAction action : actions) {
      if (action instanceof JobAction.Start start) {
        create(wfx, next, start);
      } else if (action instanceof JobAction.Delete delete) {
        delete(wfx, delete);
      }
    }
  }

  private void create(WorkflowExecution wfx, WorkflowExecutionStatus next, JobAction.Start start) {
    NodeSpec node =
        next.workflow().nodesOrEmpty().stream()
            .filter(n -> n.name().equals(start.node()))
            .findFirst()
            .orElseThrow();
    Job job =
        factory.build(wfx, next.workflow(), node, start.attempt(), start.jobName(), next.nodes());
    try {
      client
          .batch()
          .v1()
          .jobs()
          .inNamespace(wfx.getMetadata().getNamespace())
          .resource(job)
          .create();
      log.info(
          "created Job {} for node {} attempt {}", start.jobName(), start.node(), start.attempt());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      log.debug("Job {} exists already; adopted", start.jobName());
    }
  }

  private void delete(WorkflowExecution wfx, JobAction.Delete delete) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(wfx.getMetadata().getNamespace())
        .withName(delete.jobName())
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
        .delete();
    log.info("deleted Job {} ({})", delete.jobName(), delete.why());
  }
}
