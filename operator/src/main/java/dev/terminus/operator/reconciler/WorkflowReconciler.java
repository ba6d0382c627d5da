package dev.terminus.operator.reconciler;

import dev.terminus.crd.v1alpha1.Condition;
import dev.terminus.crd.v1alpha1.Workflow;
import dev.terminus.crd.v1alpha1.WorkflowStatus;
import dev.terminus.operator.engine.Problem;
import dev.terminus.operator.engine.SpecValidator;
import dev.terminus.operator.engine.StatusConditions;
import dev.terminus.operator.engine.Texts;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Validates Workflow templates so that GitOps users see an invalid template (condition Valid False,
 * with every problem) before anything runs it.
 */
@ControllerConfiguration(name = WorkflowReconciler.NAME)
public class WorkflowReconciler implements Reconciler<Workflow> {
  public static final String NAME = "workflow";
  private final Clock clock;

  public WorkflowReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpdateControl<Workflow> reconcile(Workflow wf, Context<Workflow> ctx) {
    StatusWriter.write(wf, statusOf(wf), ctx);
    return UpdateControl.noUpdate();
  }

  WorkflowStatus statusOf(Workflow wf) {
    List<Problem> problems =
        wf.getSpec() == null
            ? List.of(new Problem("spec", "is required"))
            : SpecValidator.validate(wf.getSpec());
    long generation = Optional.ofNullable(wf.getMetadata().getGeneration()).orElse(0L);
    List<Condition> previous = wf.getStatus() == null ? null : wf.getStatus().conditions();
    String message =
        problems.isEmpty()
            ? "the workflow is valid"
            : Texts.bounded(
                problems.stream().map(Problem::toString).collect(Collectors.joining("; ")), 8192);
    Condition valid =
        StatusConditions.set(
            previous,
            StatusConditions.VALID,
            problems.isEmpty(),
            problems.isEmpty() ? "Valid" : "InvalidSpec",
            message,
            generation,
            clock.instant());
    int nodes = wf.getSpec() == null ? 0 : wf.getSpec().nodesOrEmpty().size();
    return new WorkflowStatus(generation, nodes, List.of(valid));
  }
}
