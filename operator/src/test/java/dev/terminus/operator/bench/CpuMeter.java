package dev.terminus.operator.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * CPU time per part of the process over a window, from per-thread CPU time ({@link ThreadMXBean})
 * attributed by thread name (see {@link ThreadRole}), and the process's total. Threads are sampled
 * every {@value #SAMPLE_MILLIS} ms, so that one that ends inside the window still counts up to its
 * last sample. GC and JIT threads are not Java threads: their time is only in the process total.
 */
final class CpuMeter implements AutoCloseable {

  private static final long SAMPLE_MILLIS = 200;

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> baseline = new ConcurrentHashMap<>();
  private final Map<Long, Long> latest = new ConcurrentHashMap<>();
  private final Map<Long, ThreadRole> roles = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(new NamedThreads("bench-cpu-sampler"));
  private final Set<Long> beforeOperator;
  private long processStart;

  private CpuMeter(Set<Long> beforeOperator) {
    this.beforeOperator = beforeOperator;
  }

  /** The threads alive now: call it before the operator starts, for {@link #start}. */
  static Set<Long> threadsNow() {
    Set<Long> ids = new HashSet<>();
    for (long id : ManagementFactory.getThreadMXBean().getAllThreadIds()) {
      ids.add(id);
    }
    return ids;
  }

  /**
   * Starts measuring now.
   *
   * @param beforeOperator the threads alive before the operator started ({@link #threadsNow()})
   */
  static CpuMeter start(Set<Long> beforeOperator) {
    CpuMeter meter = new CpuMeter(beforeOperator);
    meter.begin();
    return meter;
  }

  private void begin() {
    threads.setThreadCpuTimeEnabled(true);
    sample(baseline);
    processStart = processCpuNanos();
    sampler.scheduleAtFixedRate(
        () -> sample(latest), SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** CPU time used since the start, per role, and the process total. */
  CpuUsage stop() {
    sampler.shutdownNow();
    sample(latest);
    Map<ThreadRole, Long> byRole = new HashMap<>();
    latest.forEach(
        (id, cpu) -> {
          long used = cpu - baseline.getOrDefault(id, 0L);
          byRole.merge(roles.getOrDefault(id, ThreadRole.OTHER), used, Long::sum);
        });
    return new CpuUsage(byRole, processCpuNanos() - processStart);
  }

  private void sample(Map<Long, Long> into) {
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = threads.getThreadCpuTime(info.getThreadId());
      if (cpu >= 0) {
        into.put(info.getThreadId(), cpu);
        ThreadRole role =
            ThreadRole.of(info.getThreadName(), !beforeOperator.contains(info.getThreadId()));
        // JOSDK names a reconciler thread only while it reconciles: an operator sighting sticks.
        roles.merge(info.getThreadId(), role, (was, now) -> was == ThreadRole.OPERATOR ? was : now);
      }
    }
  }

  private static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return -1;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }

  /** CPU nanoseconds per role, and the whole process's. */
  record CpuUsage(Map<ThreadRole, Long> byRole, long processNanos) {
    long of(ThreadRole role) {
      return byRole.getOrDefault(role, 0L);
    }
  }
}
