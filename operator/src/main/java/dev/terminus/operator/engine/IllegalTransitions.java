package dev.terminus.operator.engine;

/**
 * Told of every transition the engine refused (diagnostic M1). The operator logs and counts them;
 * tests assert there are none. A refused transition is never applied.
 */
@FunctionalInterface
public interface IllegalTransitions {
  void refused(String subject, String from, String to);

  IllegalTransitions IGNORE = (subject, from, to) -> {};
}
