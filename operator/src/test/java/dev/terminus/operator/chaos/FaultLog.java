package dev.terminus.operator.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the chaos did, for the summary, the consistency checks (a node whose Pod or Job was taken
 * away may legitimately fail Lost or JobFailed; only a cancelled execution may end Cancelled) and
 * the reproduction of a failure (a timeline, in seconds from the start of the run).
 */
final class FaultLog {

  private static final Logger LOG = LoggerFactory.getLogger(FaultLog.class);

  enum Kind {
    POD_KILL("Pod deleted"),
    POD_LOST("Pod deleted while the Job controller was paused"),
    JOB_DELETE("Job deleted"),
    OPERATOR_RESTART("operator restarted"),
    STATUS_WRITE_ERRORS("status writes answered 500"),
    JOB_CREATE_ERRORS("Job creations answered 500"),
    JOB_DELETE_ERRORS("Job deletions answered 500"),
    EVENT_ERRORS("Event creations answered 500"),
    CANCEL("execution cancelled (spec.cancel)");

    final String description;

    Kind(String description) {
      this.description = description;
    }
  }

  private final Instant start = Instant.now();
  private final Map<Kind, Integer> injected = new EnumMap<>(Kind.class);
  private final Map<Kind, Integer> missed = new EnumMap<>(Kind.class);
  private final Map<Kind, Integer> requests = new EnumMap<>(Kind.class);
  private final Set<String> touchedNodes = ConcurrentHashMap.newKeySet();
  private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
  private final List<String> timeline = new ArrayList<>();

  /** A fault was applied to {@code target}; {@code requests} failed requests for API faults. */
  synchronized void injected(Kind kind, String target, int requests) {
    injected.merge(kind, 1, Integer::sum);
    this.requests.merge(kind, requests, Integer::sum);
    timeline.add(String.format("%7.1fs %s: %s", seconds(), kind, target));
    LOG.info("chaos: {} {}", kind, target); // interleaved with the operator's own log lines
  }

  /** A fault was due but found nothing to act on (e.g. no Pod was running). */
  synchronized void missed(Kind kind) {
    missed.merge(kind, 1, Integer::sum);
  }

  /** Something else happened that the timeline should show (e.g. a fault that failed). */
  synchronized void note(String text) {
    timeline.add(String.format("%7.1fs %s", seconds(), text));
    LOG.info("chaos: {}", text);
  }

  void touchedNode(String node) {
    touchedNodes.add(node);
  }

  boolean wasTouched(String node) {
    return touchedNodes.contains(node);
  }

  void cancelled(String execution) {
    cancelled.add(execution);
  }

  boolean wasCancelled(String execution) {
    return cancelled.contains(execution);
  }

  synchronized int appliedCount(Kind kind) {
    return injected.getOrDefault(kind, 0);
  }

  synchronized int missedCount(Kind kind) {
    return missed.getOrDefault(kind, 0);
  }

  synchronized int failedRequestCount(Kind kind) {
    return requests.getOrDefault(kind, 0);
  }

  synchronized int total() {
    return injected.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The timeline entries that mention {@code text} (an execution's name, say). */
  synchronized List<String> timelineOf(String text) {
    return timeline.stream().filter(line -> line.contains(text)).toList();
  }

  private double seconds() {
    return Duration.between(start, Instant.now()).toMillis() / 1000.0;
  }
}
