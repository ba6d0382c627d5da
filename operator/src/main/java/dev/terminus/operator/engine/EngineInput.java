package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.WorkflowExecutionSpec;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import java.time.Instant;
import java.util.Map;

/**
 * Everything one evaluation depends on. Nothing else is read: the same input always gives the same
 * decision, which is what makes a reconcile safe to replay.
 *
 * @param name the execution's name (Job names derive from it)
 * @param uid metadata.uid: the execution's Redis keys (worker outputs) are named by it
 * @param generation metadata.generation
 * @param createdAt metadata.creationTimestamp
 * @param spec the execution's spec
 * @param previous the status as last written, or null
 * @param resolution the workflow found for a first start; ignored once the status holds a snapshot
 * @param attempts the classified outcome of every Job of this execution that exists, by Job name
 * @param children the outcome of every child execution of this execution, by name
 * @param heartbeats last heartbeat per Job name of nodes that declare heartbeats; null when the
 *     heartbeat source cannot be read now (HeartbeatStale then waits)
 * @param lineage the Workflows this execution descends from, outermost first, its own last
 * @param refusedCreates the creates of this reconcile that the API server refused, by Job (or child
 *     execution) name: empty in the first evaluation, filled for the evaluation that follows a
 *     refusal (see {@link ExecutionEngine#evaluate(EngineInput, ExecutionEngine.Creator)})
 * @param now the clock
 */
public record EngineInput(
    String name,
    String uid,
    long generation,
    Instant createdAt,
    WorkflowExecutionSpec spec,
    WorkflowExecutionStatus previous,
    Resolution resolution,
    Map<String, AttemptOutcome> attempts,
    Map<String, AttemptOutcome> children,
    Map<String, Instant> heartbeats,
    java.util.List<String> lineage,
    Map<String, CreateRefusal> refusedCreates,
    Instant now) {

  /** The same input, knowing that these creates were refused. */
  public EngineInput withRefusedCreates(Map<String, CreateRefusal> refused) {
    return new EngineInput(
        name,
        uid,
        generation,
        createdAt,
        spec,
        previous,
        resolution,
        attempts,
        children,
        heartbeats,
        lineage,
        Map.copyOf(refused),
        now);
  }
}
