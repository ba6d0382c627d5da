package dev.terminus.cluster;

import dev.terminus.kubesim.PodPlan;
import dev.terminus.kubesim.PodScript;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** Pod scripts of the cluster suite: what a node's container does, by its node label. */
final class PodScripts {
  static final String NODE_LABEL = "terminus.dev/node";
  static final Duration RUN_TIME = Duration.ofMillis(300);

  /** Every node succeeds, its output naming itself and echoing the inputs it was given. */
  static final PodScript DEFAULT = pod -> PodPlan.succeed(RUN_TIME, echo(pod));

  /**
   * A container of {@code sh -c SCRIPT} played by its script's words: "sleep" runs until deleted,
   * "exit N" exits N, anything else succeeds (as the local runner would run it, roughly).
   */
  static final PodScript SHELL =
      pod -> {
        List<String> command = pod.getSpec().getContainers().get(0).getCommand();
        String script = command == null || command.isEmpty() ? "" : command.get(command.size() - 1);
        java.util.regex.Matcher exit =
            java.util.regex.Pattern.compile("exit (\\d+)").matcher(script);
        if (script.contains("sleep")) {
          return PodPlan.runForever();
        }
        if (exit.find() && !exit.group(1).equals("0")) {
          return PodPlan.exit(Integer.parseInt(exit.group(1)), RUN_TIME, null);
        }
        return PodPlan.succeed(RUN_TIME, null);
      };

  private PodScripts() {}

  /** Every node succeeds after {@code runTime}, echoing its inputs. */
  static PodScript succeedAfter(Duration runTime) {
    return pod -> PodPlan.succeed(runTime, echo(pod));
  }

  /** By node name; nodes not in {@code plans} succeed as in {@link #DEFAULT}. */
  static PodScript byNode(Map<String, Function<Pod, PodPlan>> plans) {
    return pod -> {
      Function<Pod, PodPlan> plan = plans.get(node(pod));
      return plan == null ? DEFAULT.planFor(pod) : plan.apply(pod);
    };
  }

  static String node(Pod pod) {
    return Objects.requireNonNullElse(pod.getMetadata().getLabels().get(NODE_LABEL), "");
  }

  /** A worker result whose output is "node<-inputs": proof of what reached the container. */
  static String echo(Pod pod) {
    String inputs = env(pod, "TERMINUS_INPUTS");
    String output = node(pod) + "<-" + (inputs == null ? "" : inputs);
    return "{\"status\":\"succeeded\",\"output\":" + quote(output) + "}";
  }

  static String env(Pod pod, String name) {
    return pod.getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> name.equals(e.getName()))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }

  private static String quote(String text) {
    return new com.fasterxml.jackson.databind.node.TextNode(text).toString();
  }
}
