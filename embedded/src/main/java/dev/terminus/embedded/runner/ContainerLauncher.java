package dev.terminus.embedded.runner;

import dev.terminus.embedded.runner.ContainerEnv.ConfigError;
import dev.terminus.protocol.WorkerEnv;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The kubelet's part: starts a Pod's container as a local process, in the Pod's directory, with the
 * container's environment, its output in the Pod's log file, and {@code TERMINUS_RESULT_PATH} at
 * the Pod's termination log.
 */
final class ContainerLauncher {

  /** How a start went. */
  sealed interface Launch {}

  /** The process runs. */
  record Started(Process process, List<String> argv) implements Launch {}

  /** The container cannot be configured yet: the Pod waits, as the kubelet keeps retrying. */
  record Waiting(String reason, String message) implements Launch {}

  /** The container cannot start at all: it terminates at once with this exit code. */
  record Failed(int exitCode, String reason, String message) implements Launch {}

  /** The container's output, in the Pod's directory. */
  static final String LOG = "log";

  /** Where the container writes its result (the kubelet's /dev/termination-log). */
  static final String TERMINATION_LOG = "termination-log";

  /** Variables of the runner's own environment a local process needs to find its tools. */
  private static final List<String> INHERITED =
      List.of("PATH", "LANG", "LC_ALL", "JAVA_HOME", "HOME");

  private final ContainerEnv env;
  private final RunnerSettings settings;

  ContainerLauncher(KubernetesClient client, RunnerSettings settings) {
    this.env = new ContainerEnv(client);
    this.settings = settings;
  }

  Launch launch(JobRun run) {
    return launch(run.pod(), run.dir);
  }

  /** Starts {@code pod}'s container with {@code dir} as the Pod's directory (log, result, tmp). */
  Launch launch(Pod pod, Path dir) {
    Container container = pod.getSpec().getContainers().get(0);
    Map<String, String> variables;
    List<String> argv;
    try {
      variables = env.resolve(pod, container);
      argv = ContainerCommand.of(container, settings);
    } catch (ConfigError e) {
      return new Waiting("CreateContainerConfigError", e.getMessage());
    } catch (IllegalArgumentException e) {
      return new Failed(127, "StartError", e.getMessage());
    }
    try {
      return new Started(processBuilder(pod, dir, argv, variables).start(), argv);
    } catch (IOException e) {
      return new Failed(
          128,
          "StartError",
          "failed to start container \"" + container.getName() + "\": " + e.getMessage());
    }
  }

  private static ProcessBuilder processBuilder(
      Pod pod, Path dir, List<String> argv, Map<String, String> variables) throws IOException {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(LOG).toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().retainAll(INHERITED);
    environment.put("TMPDIR", tmp.toString());
    environment.put("HOSTNAME", pod.getMetadata().getName());
    environment.putAll(variables);
    // Where the kubelet would mount the termination log; the reference worker writes its result
    // there, and the runner reads it back as the termination message.
    environment.put(WorkerEnv.RESULT_PATH, dir.resolve(TERMINATION_LOG).toString());
    return builder;
  }
}
