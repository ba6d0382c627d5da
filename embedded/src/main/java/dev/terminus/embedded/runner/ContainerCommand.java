package dev.terminus.embedded.runner;

import io.fabric8.kubernetes.api.model.Container;
import java.util.ArrayList;
import java.util.List;

/**
 * The local command line of a container. Images are not pulled: the reference worker image runs as
 * the worker jar on this JVM's java (its entrypoint, unless the container overrides it with a
 * command); any other image runs its {@code command} and {@code args} directly, so a node such as
 * {@code busybox} with {@code ["sh", "-c", "echo hi"]} runs the local {@code sh}.
 */
final class ContainerCommand {

  private ContainerCommand() {}

  /** The argv, or throws {@link IllegalArgumentException} when the image's entrypoint is needed. */
  static List<String> of(Container container, RunnerSettings settings) {
    List<String> command = orEmpty(container.getCommand());
    List<String> args = orEmpty(container.getArgs());
    List<String> argv = new ArrayList<>();
    if (command.isEmpty() && isWorker(container.getImage(), settings)) {
      argv.add(settings.java().toString());
      argv.add("-XX:+UseSerialGC");
      argv.add("-XX:TieredStopAtLevel=1");
      argv.add("-jar");
      argv.add(settings.workerJar().toString());
    } else if (command.isEmpty()) {
      throw new IllegalArgumentException(
          "the local runner cannot run the entrypoint of image \""
              + container.getImage()
              + "\": give the node a command");
    }
    argv.addAll(command);
    argv.addAll(args);
    return argv;
  }

  /** The configured worker image, or any tag of the reference worker's repository. */
  static boolean isWorker(String image, RunnerSettings settings) {
    if (image == null) {
      return false;
    }
    return image.equals(settings.workerImage())
        || repository(image).equals(repository(settings.workerImage()));
  }

  private static String repository(String image) {
    String withoutDigest = image.split("@")[0];
    int slash = withoutDigest.lastIndexOf('/');
    int colon = withoutDigest.lastIndexOf(':');
    return colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }
}
