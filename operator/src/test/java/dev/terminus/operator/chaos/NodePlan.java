package dev.terminus.operator.chaos;

import static dev.terminus.operator.fixtures.NodeBuilder.node;

import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.operator.fixtures.NodeBuilder;
import java.time.Duration;
import java.util.List;

/**
 * One node of a planned execution: its place in the DAG, its bounds, and what each of its attempts
 * will do.
 *
 * @param name unique across the whole run, so that the script can tell nodes apart by name alone
 * @param dependsOn names of earlier nodes of the same execution
 * @param deadlineSeconds the activeDeadlineSeconds of each attempt's Job
 * @param retryLimit retries after the first attempt
 * @param backoffSeconds wait before the first retry (doubling after)
 * @param attempts what attempt 1, 2, ... does; {@code retryLimit + 1} entries
 */
record NodePlan(
    String name,
    List<String> dependsOn,
    long deadlineSeconds,
    int retryLimit,
    long backoffSeconds,
    List<PlannedAttempt> attempts) {

  /** Attempt {@code number} (from 1); attempts beyond the plan, which should not exist, succeed. */
  PlannedAttempt attempt(int number) {
    if (number < 1 || number > attempts.size()) {
      return PlannedAttempt.succeedAfter(Duration.ofMillis(50));
    }
    return attempts.get(number - 1);
  }

  int maxAttempts() {
    return retryLimit + 1;
  }

  NodeSpec toSpec() {
    NodeBuilder builder = node(name).deadline(deadlineSeconds).retry(retryLimit, backoffSeconds);
    if (!dependsOn.isEmpty()) {
      builder.dependsOn(dependsOn.toArray(String[]::new));
    }
    return builder.build();
  }
}
