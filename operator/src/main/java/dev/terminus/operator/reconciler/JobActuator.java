package dev.terminus.operator.reconciler;

import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.NodeType;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.operator.engine.CreateRefusal;
import dev.terminus.operator.engine.JobAction;
import dev.terminus.operator.jobs.ChildFactory;
import dev.terminus.operator.jobs.JobFactory;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the engine's Job actions happen, idempotently: a Job that already exists under the
 * deterministic name is adopted, a Job already gone is not an error. A create the API server
 * refuses otherwise is handed back to the engine as a {@link CreateRefusal} (it decides whether the
 * node fails or retries, and the status records it); any other API error of a delete or cancel
 * propagates, so that the reconcile is retried.
 */
final class JobActuator {
  private static final Logger log = LoggerFactory.getLogger(JobActuator.class);

  private final KubernetesClient client;
  private final JobFactory factory;
  private final ChildFactory children;
  private final Consumer<Job> onCreated;

  /**
   * @param onCreated told about each Job this actuator created (not about Jobs it adopted)
   */
  JobActuator(
      KubernetesClient client, JobFactory factory, ChildFactory children, Consumer<Job> onCreated) {
    this.client = client;
    this.factory = factory;
    this.children = children;
    this.onCreated = onCreated;
  }

  /**
   * Creates the Job or child execution of each start (an existing one is adopted).
   *
   * @return the creates the API server refused, by Job (or child execution) name
   */
  Map<String, CreateRefusal> create(
      WorkflowExecution wfx,
      WorkflowExecutionStatus next,
      List<JobAction.Start> starts,
      List<String> lineage) {
    Map<String, CreateRefusal> refused = new LinkedHashMap<>();
    for (JobAction.Start start : starts) {
      NodeSpec node = nodeOf(next, start.node());
      try {
        if (node.typeOrDefault() == NodeType.WORKFLOW) {
          createChild(wfx, next, node, start, lineage);
        } else {
          create(wfx, next, node, start);
        }
      } catch (KubernetesClientException e) {
        CreateRefusal refusal = refusal(e);
        log.warn(
            "API server refused to create {} for node {}: {} ({})",
            start.jobName(),
            start.node(),
            refusal.describe(),
            refusal.reason());
        refused.put(start.jobName(), refusal);
      }
    }
    return refused;
  }

  /** What the API server said: the Status of its answer, else the client's error. */
  private static CreateRefusal refusal(KubernetesClientException e) {
    Status status = e.getStatus();
    String message = status == null ? null : status.getMessage();
    if (message == null || message.isBlank()) {
      message = e.getCause() == null ? e.getMessage() : e.getMessage() + ": " + e.getCause();
    }
    return CreateRefusal.of(e.getCode(), status == null ? null : status.getReason(), message);
  }

  /** Deletes Jobs and cancels child executions. */
  void apply(WorkflowExecution wfx, List<JobAction> actions) {
    for (JobAction action : actions) {
      if (action instanceof JobAction.Delete delete) {
        delete(wfx, delete);
      } else if (action instanceof JobAction.CancelChild cancel) {
        cancelChild(wfx, cancel);
      }
    }
  }

  private static NodeSpec nodeOf(WorkflowExecutionStatus next, String name) {
    return next.workflow().nodesOrEmpty().stream()
        .filter(n -> n.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private void createChild(
      WorkflowExecution wfx,
      WorkflowExecutionStatus next,
      NodeSpec node,
      JobAction.Start start,
      List<String> lineage) {
    WorkflowExecution child = children.build(wfx, node, start.jobName(), next.nodes(), lineage);
    try {
      client.resource(child).create();
      log.info("created child execution {} for node {}", start.jobName(), start.node());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      log.debug("child execution {} exists already; adopted", start.jobName());
    }
  }

  /** A cancelled child stops its own Jobs and ends Cancelled; a missing one needs nothing. */
  private void cancelChild(WorkflowExecution wfx, JobAction.CancelChild cancel) {
    try {
      client
          .resources(WorkflowExecution.class)
          .inNamespace(wfx.getMetadata().getNamespace())
          .withName(cancel.name())
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"cancel\":true}}");
      log.info("cancelled child execution {} ({})", cancel.name(), cancel.why());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
    }
  }

  private void create(
      WorkflowExecution wfx, WorkflowExecutionStatus next, NodeSpec node, JobAction.Start start) {
    Job job =
        factory.build(wfx, next.workflow(), node, start.attempt(), start.jobName(), next.nodes());
    try {
      Job created =
          client
              .batch()
              .v1()
              .jobs()
              .inNamespace(wfx.getMetadata().getNamespace())
              .resource(job)
              .create();
      onCreated.accept(created);
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
