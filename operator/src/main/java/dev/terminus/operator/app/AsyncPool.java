package dev.terminus.operator.app;

/**
 * Gives the JDK's common pool at least two threads. With one or two CPUs the JVM sizes it to one,
 * and {@code CompletableFuture} then starts a new thread for every asynchronous task: the JDK HTTP
 * client completes each response that way, so every API request the operator made cost a thread
 * start. Must run before anything uses the common pool (first thing in {@code main}); an explicit
 * {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism} wins.
 */
public final class AsyncPool {

  static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
  private static final int MINIMUM = 2;

  private AsyncPool() {}

  public static void ensureParallelism() {
    if (System.getProperty(PARALLELISM) == null) {
      int cpus = Runtime.getRuntime().availableProcessors();
      System.setProperty(PARALLELISM, String.valueOf(Math.max(MINIMUM, cpus - 1)));
    }
  }
}
