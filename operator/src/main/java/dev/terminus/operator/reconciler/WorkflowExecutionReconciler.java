package dev.terminus.operator.reconciler;

import dev.terminus.crd.v1alpha1.Api;
import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.Workflow;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.crd.v1alpha1.WorkflowExecutionSpec;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.operator.config.OperatorConfig;
import dev.terminus.operator.engine.AttemptOutcome;
import dev.terminus.operator.engine.CreateRefusal;
import dev.terminus.operator.engine.Decision;
import dev.terminus.operator.engine.Detection;
import dev.terminus.operator.engine.EngineInput;
import dev.terminus.operator.engine.ExecutionEngine;
import dev.terminus.operator.engine.JobAction;
import dev.terminus.operator.engine.Resolution;
import dev.terminus.operator.engine.Texts;
import dev.terminus.operator.engine.Transition;
import dev.terminus.operator.jobs.ChildFactory;
import dev.terminus.operator.jobs.JobFactory;
import dev.terminus.operator.metrics.OperatorMetrics;
import dev.terminus.operator.sinks.ProjectionSink;
import dev.terminus.operator.watchdog.HeartbeatSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin glue between JOSDK and the pure {@link ExecutionEngine}: observe the cluster, let the engine
 * decide, make its Job changes, write the status once, report the transitions, and ask to be woken
 * at the next deadline. The periodic resync (maxReconciliationInterval) re-runs this for every
 * execution even when no event arrives: that is the zombie watchdog.
 */
@ControllerConfiguration(name = WorkflowExecutionReconciler.NAME)
public class WorkflowExecutionReconciler
    implements Reconciler<WorkflowExecution>, Cleaner<WorkflowExecution> {
  public static final String NAME = "workflowexecution";
  private static final Logger log = LoggerFactory.getLogger(WorkflowExecutionReconciler.class);

  private final OperatorConfig config;
  private final ExecutionEngine engine;
  private final JobFactory jobs;
  private final ChildFactory childFactory;
  private final HeartbeatSource heartbeats;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final ProjectionSink sink;
  private final Clock clock;
  private final DeferredWrites deferredWrites = new DeferredWrites();
  private volatile InformerEventSource<Job, WorkflowExecution> jobSource;

  public WorkflowExecutionReconciler(
      OperatorConfig config,
      ExecutionEngine engine,
      HeartbeatSource heartbeats,
      EventRecorder events,
      OperatorMetrics metrics,
      ProjectionSink sink,
      Clock clock) {
    this.config = config;
    this.metrics = metrics;
    this.sink = sink;
    this.engine = engine;
    this.jobs =
        new JobFactory(
            config.workerImage(),
            config.defaultNodeDeadline(),
            credentialFree(config),
            config.engine());
    this.childFactory = new ChildFactory(config.deadlineGrace());
    this.heartbeats = heartbeats;
    this.events = events;
    this.clock = clock;
  }

  /** The Redis URL workers may be given: only one without credentials (see JobFactory). */
  private static String credentialFree(OperatorConfig config) {
    Optional<String> url = config.projections().workerRedisUrl();
    if (url.isEmpty() && config.projections().redisEnabled()) {
      log.warn(
          "TERMINUS_REDIS_URL has credentials: node containers get no Redis URL, so large"
              + " outputs reach downstream nodes as previews and heartbeatTimeoutSeconds is not"
              + " enforced");
    }
    return url.orElse(null);
  }

  @Override
  public List<EventSource<?, WorkflowExecution>> prepareEventSources(
      EventSourceContext<WorkflowExecution> context) {
    jobSource = new InformerEventSource<>(labelled(Job.class), context);
    metrics.executionsByPhase(
        phase ->
            context
                .getPrimaryCache()
                .list(
                    w ->
                        (w.getStatus() == null || w.getStatus().phase() == null
                                ? ExecutionPhase.Pending
                                : w.getStatus().phase())
                            == phase)
                .count());
    return List.of(
        jobSource,
        new InformerEventSource<>(labelled(Pod.class), context),
        new InformerEventSource<>(children(), context),
        new InformerEventSource<>(workflows(context), context));
  }

  /** Jobs and Pods carry the execution's name as a label; only those are watched and cached. */
  private static <R extends HasMetadata> InformerEventSourceConfiguration<R> labelled(
      Class<R> type) {
    return InformerEventSourceConfiguration.from(type, WorkflowExecution.class)
        .withLabelSelector(Api.LABEL_EXECUTION)
        .withNamespacesInheritedFromController()
        .withSecondaryToPrimaryMapper(
            r ->
                Set.of(
                    new ResourceID(
                        r.getMetadata().getLabels().get(Api.LABEL_EXECUTION),
                        r.getMetadata().getNamespace())))
        .build();
  }

  /** Child executions carry their parent's name as a label; their changes wake the parent. */
  private static InformerEventSourceConfiguration<WorkflowExecution> children() {
    return InformerEventSourceConfiguration.from(WorkflowExecution.class, WorkflowExecution.class)
        .withName("children")
        .withLabelSelector(Api.LABEL_PARENT)
        .withNamespacesInheritedFromController()
        .withSecondaryToPrimaryMapper(
            c ->
                Set.of(
                    new ResourceID(
                        c.getMetadata().getLabels().get(Api.LABEL_PARENT),
                        c.getMetadata().getNamespace())))
        .build();
  }

  /** A Workflow event wakes the executions that refer to it (e.g. one waiting for it to exist). */
  private static InformerEventSourceConfiguration<Workflow> workflows(
      EventSourceContext<WorkflowExecution> context) {
    return InformerEventSourceConfiguration.from(Workflow.class, WorkflowExecution.class)
        .withNamespacesInheritedFromController()
        .withSecondaryToPrimaryMapper(
            wf ->
                context
                    .getPrimaryCache()
                    .list(wf.getMetadata().getNamespace(), p -> refersTo(p, wf))
                    .map(ResourceID::fromResource)
                    .collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper(
            (PrimaryToSecondaryMapper<WorkflowExecution>)
                p ->
                    referencedWorkflow(p)
                        .map(name -> Set.of(new ResourceID(name, p.getMetadata().getNamespace())))
                        .orElse(Set.of()))
        .build();
  }

  private static boolean refersTo(WorkflowExecution p, Workflow wf) {
    return referencedWorkflow(p).filter(wf.getMetadata().getName()::equals).isPresent();
  }

  private static Optional<String> referencedWorkflow(WorkflowExecution p) {
    WorkflowExecutionSpec spec = p.getSpec();
    if (spec == null || spec.workflowRef() == null || spec.workflowRef().name() == null) {
      return Optional.empty();
    }
    return Optional.of(spec.workflowRef().name());
  }

  @Override
  public UpdateControl<WorkflowExecution> reconcile(
      WorkflowExecution wfx, Context<WorkflowExecution> ctx) {
    long start = System.nanoTime();
    boolean failed = true;
    try {
      UpdateControl<WorkflowExecution> control = reconcileOnce(wfx, ctx);
      failed = false;
      return control;
    } catch (KubernetesClientException e) {
      metrics.apiError(e.getCode());
      throw e;
    } finally {
      metrics.reconciled(NAME, Duration.ofNanos(System.nanoTime() - start), failed);
    }
  }

  private UpdateControl<WorkflowExecution> reconcileOnce(
      WorkflowExecution wfx, Context<WorkflowExecution> ctx) {
    EngineInput input = observe(wfx, ctx);
    JobActuator actuator = new JobActuator(ctx.getClient(), jobs, childFactory, this::created);
    // Create before the status records a Job (no phantom node if the create fails: M3); a create
    // the API server refuses is recorded in the status, not retried blindly. Stop after the
    // status records why (a Job is never gone before its reason is written: C4).
    Decision decision =
        decide(
            input,
            (next, starts) -> {
              Map<String, CreateRefusal> refused =
                  actuator.create(wfx, next, starts, input.lineage());
              refused.values().forEach(r -> metrics.apiError(r.code()));
              return refused;
            });
    ResourceID id = ResourceID.fromResource(wfx);
    Optional<Instant> held =
        decision.actions().isEmpty()
            ? deferredWrites.holdUntil(id, wfx.getStatus(), decision.status(), input.now())
            : Optional.empty();
    Optional<WorkflowExecution> written =
        held.isPresent() ? Optional.empty() : StatusWriter.write(wfx, decision.status(), ctx);
    written.ifPresent(updated -> deferredWrites.written(id, input.now()));
    actuator.apply(wfx, stops(decision));
    report(wfx, decision, written.isPresent());
    written.ifPresent(updated -> project(updated, decision.transitions()));
    WorkflowExecution current = written.orElse(wfx);
    if (Retention.due(current, sink, input.now())) {
      ctx.getClient().resource(current).delete();
      return UpdateControl.noUpdate();
    }
    Optional<Instant> wake =
        earliest(decision.wakeAt(), held).or(() -> Retention.deleteAt(current));
    return schedule(wake, input.now());
  }

  /**
   * A Job just created goes into the Job cache at once, as JOSDK's dependent resources do, so that
   * the next reconcile sees it before its watch event arrives instead of confirming it with a GET.
   */
  private void created(Job job) {
    InformerEventSource<Job, WorkflowExecution> source = jobSource;
    if (source != null) {
      source.handleRecentResourceCreate(ResourceID.fromResource(job), job);
    }
  }

  private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.filter(at -> at.isBefore(a.get())).or(() -> a);
  }

  private static List<JobAction> stops(Decision decision) {
    return decision.actions().stream().filter(a -> !(a instanceof JobAction.Start)).toList();
  }

  private EngineInput observe(WorkflowExecution wfx, Context<WorkflowExecution> ctx) {
    Map<String, AttemptOutcome> attempts = ClusterView.observe(wfx, ctx);
    boolean hasSnapshot = wfx.getStatus() != null && wfx.getStatus().workflow() != null;
    Resolution resolution = hasSnapshot ? null : WorkflowResolver.resolve(wfx, ctx);
    Instant now = clock.instant();
    return new EngineInput(
        wfx.getMetadata().getName(),
        wfx.getMetadata().getUid(),
        Optional.ofNullable(wfx.getMetadata().getGeneration()).orElse(0L),
        Optional.ofNullable(Texts.parseTime(wfx.getMetadata().getCreationTimestamp())).orElse(now),
        wfx.getSpec(),
        wfx.getStatus(),
        resolution,
        attempts,
        ClusterView.children(ctx),
        Heartbeats.of(wfx, heartbeats),
        Lineage.of(wfx),
        Map.of(),
        now);
  }

  /** A bug in the engine must not leave the execution running forever: it fails, typed. */
  private Decision decide(EngineInput input, ExecutionEngine.Creator creator) {
    try {
      return engine.evaluate(input, creator);
    } catch (RuntimeException bug) {
      log.error("evaluation failed; failing the execution with reason InternalError", bug);
      return engine.failInternal(input, "internal error: " + bug.getClass().getSimpleName());
    }
  }

  /** Projections are told after the status is persisted; they never fail the reconcile (H5). */
  private void project(WorkflowExecution written, List<Transition> transitions) {
    try {
      sink.statusWritten(written, transitions);
    } catch (RuntimeException e) {
      log.warn("projection failed; it catches up later: {}", e.toString());
    }
  }

  /**
   * Reports what the written status holds: an Event and a metric per transition and per watchdog
   * detection. Best effort (diagnostic H5): the status is already written, and nothing here may
   * fail the reconcile.
   */
  private void report(WorkflowExecution wfx, Decision decision, boolean written) {
    try {
      if (written) {
        decision.transitions().forEach(t -> reportOne(wfx, decision.status(), t));
      }
      // A detection on a finished execution (an orphan Job) changes no status but acts.
      if (written || !decision.actions().isEmpty()) {
        decision.detections().forEach(d -> reportDetection(wfx, d));
      }
    } catch (RuntimeException e) {
      log.warn("could not report transitions: {}", e.toString());
    }
  }

  private void reportDetection(WorkflowExecution wfx, Detection d) {
    metrics.detected(d, clock.instant());
    log.warn(
        "watchdog {}{}: {}", d.rule(), d.node() == null ? "" : " node " + d.node(), d.message());
    String subject = d.node() == null ? "" : "node " + d.node() + ": ";
    events.record(wfx, "Warning", d.rule().name(), subject + d.message());
  }

  private void reportOne(WorkflowExecution wfx, WorkflowExecutionStatus after, Transition t) {
    metrics.transitioned(t);
    AttemptDurations.of(after, t).ifPresent(d -> metrics.attemptFinished(t.to(), d));
    if (isRecordedAsEvent(t)) {
      String subject = t.node() == null ? "execution" : "node " + t.node();
      String message =
          subject
              + " "
              + (t.from() == null ? "" : t.from() + " -> ")
              + t.to()
              + (t.message() == null ? "" : ": " + t.message());
      events.record(wfx, t.warning() ? "Warning" : "Normal", String.valueOf(t.reason()), message);
    }
  }

  /**
   * Transitions a person may need to act on or wait for become Events: failures, retries, an
   * approval waiting, and the execution's own transitions after its start (its end, cancelling,
   * waiting). A node's ordinary progress (started, running, succeeded, skipped) and the execution's
   * start do not: they are in the status ({@code startedAt}), the metrics and the projections, and
   * the node's Job has its controller's Events; an Event each would cost an API write per
   * transition (make bench: API writes per node attempt).
   */
  static boolean isRecordedAsEvent(Transition t) {
    if (t.warning() || t.reason() == Reason.WaitingForApproval) {
      return true;
    }
    return t.node() == null && !isExecutionStart(t);
  }

  private static boolean isExecutionStart(Transition t) {
    return t.reason() == Reason.Started && "Running".equals(t.to());
  }

  private UpdateControl<WorkflowExecution> schedule(Optional<Instant> wakeAt, Instant now) {
    UpdateControl<WorkflowExecution> control = UpdateControl.noUpdate();
    if (wakeAt.isEmpty()) {
      return control;
    }
    Duration in = Duration.between(now, wakeAt.get());
    // A small floor avoids a busy loop on a deadline that is due right now.
    Duration bounded = in.compareTo(Duration.ofMillis(200)) < 0 ? Duration.ofMillis(200) : in;
    if (bounded.compareTo(config.resyncPeriod()) < 0) {
      control.rescheduleAfter(bounded);
    }
    return control;
  }

  /**
   * Deletes the execution's Jobs explicitly (owner-reference garbage collection is not relied on).
   * If the API keeps failing, the execution is released after the deletion timeout, so a deletion
   * never hangs on a finalizer.
   */
  @Override
  public DeleteControl cleanup(WorkflowExecution wfx, Context<WorkflowExecution> ctx) {
    deferredWrites.forget(ResourceID.fromResource(wfx));
    try {
      if (!sinkReleased(wfx) && !deletionOverdue(wfx)) {
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(2));
      }
      ctx.getClient()
          .batch()
          .v1()
          .jobs()
          .inNamespace(wfx.getMetadata().getNamespace())
          .withLabel(Api.LABEL_EXECUTION, wfx.getMetadata().getName())
          .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
          .delete();
      ctx.getClient()
          .resources(WorkflowExecution.class)
          .inNamespace(wfx.getMetadata().getNamespace())
          .withLabel(Api.LABEL_PARENT, wfx.getMetadata().getName())
          .delete();
      return DeleteControl.defaultDelete();
    } catch (KubernetesClientException e) {
      if (deletionOverdue(wfx)) {
        log.warn(
            "could not delete Jobs for {}s; releasing the execution",
            config.deletionTimeout().toSeconds());
        return DeleteControl.defaultDelete();
      }
      throw e;
    }
  }

  private boolean sinkReleased(WorkflowExecution wfx) {
    try {
      return sink.deleted(wfx);
    } catch (RuntimeException e) {
      log.warn("projection cleanup failed: {}", e.toString());
      return false;
    }
  }

  /** Deletion waits at most the deletion timeout, then proceeds (counted in the log). */
  private boolean deletionOverdue(WorkflowExecution wfx) {
    Instant since = Texts.parseTime(wfx.getMetadata().getDeletionTimestamp());
    return since != null
        && Duration.between(since, clock.instant()).compareTo(config.deletionTimeout()) > 0;
  }
}
