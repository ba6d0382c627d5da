package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one evaluation: the status to persist, the Jobs to create or delete first, the
 * transitions and watchdog detections to report after, and when to look again even if nothing
 * happens.
 */
public record Decision(
    WorkflowExecutionStatus status,
    List<JobAction> actions,
    List<Transition> transitions,
    List<Detection> detections,
    Optional<Instant> wakeAt) {}
