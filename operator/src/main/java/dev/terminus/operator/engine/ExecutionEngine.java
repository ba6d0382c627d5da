package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.NodeType;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.Usage;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import dev.terminus.crd.v1alpha1.WorkflowSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Computes an execution's next status from what exists now: the spec, the previous status, the
 * classified Jobs and the clock. Pure: no client calls and no state kept between calls, so the same
 * input always gives the same decision and nothing can drift (diagnostic C2, C3).
 *
 * <p>The evaluation is a short pipeline: admit (resolve and validate the workflow), observe each
 * node's attempt, apply execution-level stops (cancel, deadline), plan new starts, clean up Jobs
 * nobody owns any more, and aggregate the execution's phase.
 */
public final class ExecutionEngine {
  /** Messages that list every validation problem may be longer than ordinary ones. */
  private static final int PROBLEMS_CHARS = 8192;

  private final EngineConfig config;
  private final IllegalTransitions refusals;

  public ExecutionEngine(EngineConfig config, IllegalTransitions refusals) {
    this.config = config;
    this.refusals = refusals;
  }

  /**
   * Makes the creates of an evaluation happen, and says which the API server refused (by Job or
   * child execution name); creates that succeeded or found the object existing are not listed.
   */
  @FunctionalInterface
  public interface Creator {
    Map<String, CreateRefusal> create(WorkflowExecutionStatus next, List<JobAction.Start> starts);
  }

  /**
   * Evaluates, then creates what the evaluation starts through {@code creator} before anything is
   * written (no phantom Job in the status, diagnostic M3). When the API server refuses a create,
   * the same input is evaluated again knowing it: that evaluation plans the same starts and records
   * each refusal on its node (see {@link CreateRetries}), so the status still gets written, with
   * the execution's start and the refusal, instead of the reconcile failing before any status
   * exists. A start that is new in a later evaluation is created too, each Job at most once.
   *
   * @return the decision whose starts have all been made or recorded as refused; its Start actions
   *     must not be applied again
   */
  public Decision evaluate(EngineInput in, Creator creator) {
    Map<String, CreateRefusal> refused = new HashMap<>();
    Set<String> tried = new HashSet<>();
    EngineInput current = in;
    while (true) {
      Decision decision = evaluate(current);
      List<JobAction.Start> fresh =
          decision.actions().stream()
              .filter(JobAction.Start.class::isInstance)
              .map(JobAction.Start.class::cast)
              .filter(start -> tried.add(start.jobName()))
              .toList();
      Map<String, CreateRefusal> now =
          fresh.isEmpty() ? Map.of() : creator.create(decision.status(), fresh);
      if (now.isEmpty()) {
        return decision;
      }
      refused.putAll(now);
      current = in.withRefusedCreates(refused);
    }
  }

  public Decision evaluate(EngineInput in) {
    WorkflowExecutionStatus prev = in.previous();
    if (prev != null && prev.phase() != null && prev.phase().isTerminal()) {
      return settle(in);
    }
    Admission admission = admit(in);
    if (admission.verdict() != null) {
      return admission.verdict();
    }
    return run(in, admission.workflow(), admission.source());
  }

  /**
   * Fails the execution with reason InternalError: used when evaluation itself broke, so that a bug
   * ends the execution with a typed reason instead of leaving it running.
   */
  public Decision failInternal(EngineInput in, String message) {
    WorkflowExecutionStatus prev = in.previous();
    if (prev != null && prev.phase() != null && prev.phase().isTerminal()) {
      return new Decision(prev, List.of(), List.of(), List.of(), Optional.empty());
    }
    return finishEarly(in, ExecutionPhase.Failed, Reason.InternalError, message);
  }

  // ---- terminal: nothing changes but stray Jobs are stopped ----

  private Decision settle(EngineInput in) {
    List<JobAction> actions = new ArrayList<>();
    List<Detection> detections = new ArrayList<>();
    stopActiveJobs(in, Map.of(), actions, detections, WatchdogRule.OrphanJob.name());
    WorkflowExecutionStatus prev = in.previous();
    return new Decision(prev, actions, List.of(), detections, Optional.empty());
  }

  // ---- admission: resolve the workflow once, validate it ----

  private record Admission(WorkflowSpec workflow, String source, Decision verdict) {}

  private Admission admit(EngineInput in) {
    WorkflowExecutionStatus prev = in.previous();
    if (prev != null && prev.workflow() != null) {
      return new Admission(prev.workflow(), prev.workflowSource(), null);
    }
    List<Problem> problems = new ArrayList<>(SpecValidator.validateName(in.name()));
    problems.addAll(SpecValidator.validate(in.spec()));
    if (problems.isEmpty() && in.resolution() instanceof Resolution.NotFound missing) {
      return new Admission(null, null, workflowNotFound(in, missing.name()));
    }
    Resolution.Found found = problems.isEmpty() ? (Resolution.Found) in.resolution() : null;
    if (found != null && found.workflow() != null && !"inline".equals(found.source())) {
      problems.addAll(SpecValidator.validate(found.workflow()));
    }
    if (!problems.isEmpty()) {
      return new Admission(null, null, invalid(in, problems));
    }
    return new Admission(found.workflow(), found.source(), null);
  }

  private Decision workflowNotFound(EngineInput in, String name) {
    Instant giveUp = in.createdAt().plus(config.workflowNotFoundTimeout());
    String message = "Workflow " + name + " not found";
    if (!in.now().isBefore(giveUp)) {
      return finishEarly(
          in,
          ExecutionPhase.Failed,
          Reason.WorkflowNotFound,
          message + " within " + config.workflowNotFoundTimeout().toSeconds() + "s");
    }
    WorkflowExecutionStatus status =
        status(
            in,
            ExecutionPhase.Pending,
            Reason.WorkflowNotFound,
            message + "; waiting until " + Texts.time(giveUp),
            List.of(),
            null,
            null,
            null);
    return new Decision(
        status,
        List.of(),
        transitions(in.previous(), status, List.of()),
        List.of(),
        Optional.of(giveUp));
  }

  private Decision invalid(EngineInput in, List<Problem> problems) {
    String message =
        problems.size()
            + (problems.size() == 1 ? " problem: " : " problems: ")
            + problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
    return finishEarly(
        in, ExecutionPhase.Failed, Reason.InvalidSpec, Texts.bounded(message, PROBLEMS_CHARS));
  }

  private Decision finishEarly(
      EngineInput in, ExecutionPhase phase, Reason reason, String message) {
    WorkflowExecutionStatus status =
        status(in, phase, reason, message, List.of(), null, null, Texts.time(in.now()));
    return new Decision(
        status,
        List.of(),
        transitions(in.previous(), status, List.of()),
        List.of(),
        Optional.empty());
  }

  // ---- running: observe, stop, plan, clean up, aggregate ----

  private Decision run(EngineInput in, WorkflowSpec wf, String source) {
    Instant now = in.now();
    List<JobAction> actions = new ArrayList<>();
    List<Detection> detections = new ArrayList<>();
    Wakeups wakeups = new Wakeups();
    Map<String, NodeDraft> nodes = drafts(wf, in.previous());
    observe(in, wf, nodes, actions, detections, wakeups);
    Instant startedAt = startedAt(in);
    CreateRetries creates =
        new CreateRetries(
            config.forNodes(nodes.size()),
            wf.defaultsOrEmpty(),
            refusals,
            in.refusedCreates() == null ? Map.of() : in.refusedCreates(),
            detections);
    Planner planner =
        new Planner(
            in.name(), nodes, DagOrder.topological(wf), in.lineage(), config, refusals, creates);
    boolean suspended = in.spec().suspended();
    Stop stop = stopReason(in, startedAt, wakeups);
    if (stop == null) {
      stop =
          Budgets.check(in.spec().budget(), nodes.values(), planner.readyToStart(suspended, now));
    }
    if (stop != null) {
      Stop applied = stop;
      applied.apply(nodes.values(), now, refusals);
      applied
          .rule()
          .ifPresent(r -> detections.add(new Detection(r, null, applied.message(), applied.due())));
    } else {
      int attemptsLeft = Budgets.attemptsLeft(in.spec().budget(), nodes.values());
      planner.plan(wf.parallelism(), suspended, attemptsLeft, now, actions, wakeups);
    }
    String why = stop == null ? WatchdogRule.OrphanJob.name() : stop.reason().name();
    stopActiveJobs(in, nodes, actions, stop == null ? detections : new ArrayList<>(), why);
    List<NodeStatus> nodeStatuses = nodes.values().stream().map(NodeDraft::toStatus).toList();
    WorkflowExecutionStatus status =
        aggregate(in, wf, source, nodeStatuses, stop, Texts.time(startedAt));
    List<Transition> transitions = transitions(in.previous(), status, nodeStatuses);
    return new Decision(
        status,
        actions,
        transitions,
        detections,
        status.phase().isTerminal() ? Optional.empty() : wakeups.earliest());
  }

  private static Map<String, NodeDraft> drafts(WorkflowSpec wf, WorkflowExecutionStatus prev) {
    Map<String, NodeStatus> previous = new LinkedHashMap<>();
    if (prev != null && prev.nodes() != null) {
      prev.nodes().forEach(n -> previous.put(n.name(), n));
    }
    Map<String, NodeDraft> drafts = new LinkedHashMap<>();
    for (NodeSpec spec : wf.nodesOrEmpty()) {
      drafts.put(spec.name(), new NodeDraft(spec, previous.get(spec.name())));
    }
    return drafts;
  }

  private void observe(
      EngineInput in,
      WorkflowSpec wf,
      Map<String, NodeDraft> nodes,
      List<JobAction> actions,
      List<Detection> detections,
      Wakeups wakeups) {
    NodeObserver observer =
        new NodeObserver(
            in.uid(),
            config.forNodes(nodes.size()),
            wf.defaultsOrEmpty(),
            refusals,
            in.now(),
            actions,
            detections,
            wakeups);
    for (NodeDraft node : nodes.values()) {
      if (node.spec.typeOrDefault() == NodeType.APPROVAL && node.phase == NodePhase.Running) {
        ApprovalObserver.observe(node, in.spec(), in.now(), refusals, detections, wakeups);
      } else if (node.hasLiveAttempt()) {
        observer.observe(
            node, outcomeOf(in, node), in.heartbeats() == null ? UNKNOWN : lastBeat(in, node));
      }
    }
  }

  /** Marks a heartbeat that cannot be known now (the source is down). */
  static final Instant UNKNOWN = Instant.MIN;

  private static Instant lastBeat(EngineInput in, NodeDraft node) {
    return in.heartbeats().get(node.job);
  }

  /** A Job's outcome, or a child execution's for workflow nodes. */
  private static AttemptOutcome outcomeOf(EngineInput in, NodeDraft node) {
    return node.spec.typeOrDefault() == NodeType.WORKFLOW
        ? in.children().get(node.job)
        : in.attempts().get(node.job);
  }

  private static Instant startedAt(EngineInput in) {
    WorkflowExecutionStatus prev = in.previous();
    Instant started = prev == null ? null : Texts.parseTime(prev.startedAt());
    return started != null ? started : in.now();
  }

  private Stop stopReason(EngineInput in, Instant startedAt, Wakeups wakeups) {
    if (in.spec().cancelRequested()) {
      return Stop.cancel();
    }
    Long deadline = in.spec().activeDeadlineSeconds();
    if (deadline != null) {
      Instant at = startedAt.plusSeconds(deadline);
      if (!in.now().isBefore(at)) {
        return Stop.deadline(deadline, at);
      }
      wakeups.at(at);
    }
    return null;
  }

  /**
   * Deletes every Job of this execution that is still active but no node's current attempt: Jobs of
   * cancelled, timed-out or finished executions, of superseded attempts, and Jobs whose node no
   * longer exists. Each is reported as an OrphanJob detection into {@code detections}.
   */
  private static void stopActiveJobs(
      EngineInput in,
      Map<String, NodeDraft> nodes,
      List<JobAction> actions,
      List<Detection> detections,
      String why) {
    java.util.Set<String> live =
        nodes.values().stream()
            .filter(NodeDraft::hasLiveAttempt)
            .map(n -> n.job)
            .collect(Collectors.toSet());
    java.util.Set<String> alreadyDeleting =
        actions.stream()
            .map(JobAction::stops)
            .filter(java.util.Objects::nonNull)
            .collect(Collectors.toSet());
    in.attempts().entrySet().stream()
        .filter(e -> isActive(e.getValue()))
        .filter(e -> !live.contains(e.getKey()) && !alreadyDeleting.contains(e.getKey()))
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              actions.add(new JobAction.Delete(e.getKey(), why));
              detections.add(
                  new Detection(
                      WatchdogRule.OrphanJob,
                      null,
                      "Job " + e.getKey() + " is active but belongs to no live attempt; deleted",
                      null));
            });
    in.children().entrySet().stream()
        .filter(e -> isActive(e.getValue()))
        .filter(e -> !live.contains(e.getKey()) && !alreadyDeleting.contains(e.getKey()))
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              actions.add(new JobAction.CancelChild(e.getKey(), why));
              detections.add(
                  new Detection(
                      WatchdogRule.OrphanJob,
                      null,
                      "child execution "
                          + e.getKey()
                          + " is active but belongs to no live attempt; cancelled",
                      null));
            });
  }

  private static boolean isActive(AttemptOutcome o) {
    return o.jobStillActive();
  }

  private WorkflowExecutionStatus aggregate(
      EngineInput in,
      WorkflowSpec wf,
      String source,
      List<NodeStatus> nodes,
      Stop stop,
      String startedAt) {
    ExecutionPhase phase;
    Reason reason;
    String message;
    Optional<NodeStatus> failed =
        nodes.stream().filter(n -> n.phase() == NodePhase.Failed).findFirst();
    boolean allDone = nodes.stream().allMatch(NodeStatus::isTerminal);
    boolean allSucceeded = nodes.stream().allMatch(n -> n.phase() == NodePhase.Succeeded);
    if (allDone && allSucceeded) {
      phase = ExecutionPhase.Succeeded;
      reason = Reason.Succeeded;
      message = "all " + nodes.size() + " nodes succeeded";
    } else if (stop != null) {
      phase = stop.phase();
      reason = stop.reason();
      message = stop.message();
    } else if (allDone && failed.isPresent()) {
      NodeStatus f = failed.get();
      phase = ExecutionPhase.Failed;
      reason = Reason.NodeFailed;
      message =
          Texts.bounded(
              "node " + f.name() + " failed: " + f.reason() + ": " + f.message(),
              config.messageChars());
    } else {
      phase = ExecutionPhase.Running;
      Optional<NodeStatus> approval =
          nodes.stream().filter(n -> n.reason() == Reason.WaitingForApproval).findFirst();
      if (failed.isPresent()) {
        reason = Reason.NodeFailed;
        message = "node " + failed.get().name() + " failed; waiting for running nodes";
      } else if (approval.isPresent()) {
        reason = Reason.WaitingForApproval;
        message = "node " + approval.get().name() + " is waiting for approval";
      } else {
        reason = Reason.Started;
        message = null;
      }
    }
    String finishedAt = phase.isTerminal() ? Texts.time(in.now()) : null;
    WorkflowExecutionStatus base =
        status(in, phase, reason, message, nodes, wf, source, finishedAt);
    return new WorkflowExecutionStatus(
        base.phase(),
        base.reason(),
        base.message(),
        base.observedGeneration(),
        startedAt,
        base.finishedAt(),
        progress(nodes),
        base.conditions(),
        base.nodes(),
        usage(nodes),
        base.workflow(),
        base.workflowSource());
  }

  private WorkflowExecutionStatus status(
      EngineInput in,
      ExecutionPhase phase,
      Reason reason,
      String message,
      List<NodeStatus> nodes,
      WorkflowSpec wf,
      String source,
      String finishedAt) {
    WorkflowExecutionStatus prev = in.previous();
    ExecutionPhase from = prev == null ? null : prev.phase();
    if (!PhaseMachine.allowed(from, phase)) {
      refusals.refused("execution/" + in.name(), String.valueOf(from), phase.name());
      phase = from;
    }
    return new WorkflowExecutionStatus(
        phase,
        reason,
        message,
        in.generation(),
        prev == null ? null : prev.startedAt(),
        finishedAt,
        null,
        StatusConditions.forExecution(
            prev == null ? null : prev.conditions(),
            phase,
            reason,
            message,
            in.generation(),
            in.now()),
        nodes.isEmpty() ? null : nodes,
        null,
        wf,
        source);
  }

  private static String progress(List<NodeStatus> nodes) {
    long done = nodes.stream().filter(NodeStatus::isTerminal).count();
    return done + "/" + nodes.size();
  }

  private static Usage usage(List<NodeStatus> nodes) {
    Usage total = Usage.ZERO;
    boolean any = false;
    for (NodeStatus n : nodes) {
      if (n.usage() != null) {
        total = total.plus(n.usage());
        any = true;
      }
    }
    return any ? total : null;
  }

  private static List<Transition> transitions(
      WorkflowExecutionStatus prev, WorkflowExecutionStatus next, List<NodeStatus> nodes) {
    return Transitions.between(prev, next, nodes);
  }
}
