package dev.terminus.operator.bench;

/**
 * Who sent a request, told apart at the API server by the User-Agent each client is given: the
 * operator under test, the simulated cluster (Job controller and kubelet), and the benchmark's own
 * driver (creating executions, watching them).
 */
enum Tag {
  OPERATOR,
  CLUSTER,
  DRIVER,
  OTHER;

  private static final String PREFIX = "terminus-bench-";

  String userAgent() {
    return PREFIX + name().toLowerCase();
  }

  static Tag ofUserAgent(String userAgent) {
    if (userAgent != null && userAgent.startsWith(PREFIX)) {
      try {
        return valueOf(userAgent.substring(PREFIX.length()).toUpperCase());
      } catch (IllegalArgumentException e) {
        return OTHER;
      }
    }
    return OTHER;
  }
}
