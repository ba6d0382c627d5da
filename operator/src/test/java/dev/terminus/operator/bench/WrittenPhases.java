package dev.terminus.operator.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The phase of each execution as the operator last wrote it, read at the API server from its status
 * writes. Lets a benchmark wait for executions to end without watching them, so that no watch of
 * the benchmark's own weighs on the API server while throughput is measured.
 */
final class WrittenPhases {

  private static final long POLL_MILLIS = 20;
  private static final String PHASE = "{\"phase\":\"";

  private final Map<String, String> phases = new ConcurrentHashMap<>();

  /** A status write of {@code execution} was served: note its phase. */
  void statusWritten(String execution, byte[] patch) {
    String body = new String(patch, StandardCharsets.UTF_8);
    // The status object's first field is its phase; nodes, conditions and attempts start with
    // other fields, so the first {"phase":" is the execution's.
    int at = body.indexOf(PHASE);
    if (at >= 0) {
      int start = at + PHASE.length();
      int end = body.indexOf('"', start);
      if (end > start) {
        phases.put(execution, body.substring(start, end));
      }
    }
  }

  /** Waits until every named execution was written in {@code phase}. */
  void awaitAll(Collection<String> executions, String phase, Duration timeout)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!executions.stream().allMatch(e -> phase.equals(phases.get(e)))) {
      if (System.nanoTime() > deadline) {
        long done = executions.stream().filter(e -> phase.equals(phases.get(e))).count();
        throw new TimeoutException(
            "after " + timeout + " only " + done + " of " + executions.size() + " are " + phase);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
