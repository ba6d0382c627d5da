package dev.terminus.operator.bench;

/** Which part of the benchmark process a thread works for, by its name. */
enum ThreadRole {
  /** Reconcilers, informers, event handling, the operator's HTTP client, the orphan sweep. */
  OPERATOR,
  /** The mock API server (vert.x). */
  API_SERVER,
  /** The simulated Job controller and kubelet, and their client. */
  CLUSTER,
  /** The benchmark itself: creating executions, watching them, sampling. */
  DRIVER,
  OTHER;

  /**
   * @param name the thread's name (JOSDK renames its reconciler threads while they reconcile)
   * @param startedWithOperator the thread did not exist before the operator started: unnamed
   *     threads (JOSDK's executors, timers, the operator's HTTP selector) are then the operator's
   */
  static ThreadRole of(String name, boolean startedWithOperator) {
    if (name.startsWith("operator-")
        || name.startsWith("ReconcilerExecutor")
        || name.startsWith("WorkflowExecutor")
        || name.startsWith("terminus-")) {
      return OPERATOR;
    }
    if (name.startsWith("vert.x-") || name.startsWith("test-cluster-")) {
      return API_SERVER;
    }
    if (name.startsWith("cluster-") || name.startsWith("fake-job-controller")) {
      return CLUSTER;
    }
    if (name.startsWith("driver-") || name.startsWith("bench-") || name.equals("main")) {
      return DRIVER;
    }
    return startedWithOperator ? OPERATOR : OTHER;
  }
}
