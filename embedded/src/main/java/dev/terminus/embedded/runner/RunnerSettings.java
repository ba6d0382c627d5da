package dev.terminus.embedded.runner;

import java.nio.file.Path;

/**
 * How the local runner runs containers.
 *
 * @param workerImage the image that runs as the reference worker jar (the operator's
 *     TERMINUS_WORKER_IMAGE)
 * @param workerJar the reference worker, {@code worker-image/target/terminus-worker.jar}
 * @param java the {@code java} executable that runs the worker
 * @param workDir where each Pod gets a directory: its log, termination log and temporary files
 */
public record RunnerSettings(String workerImage, Path workerJar, Path java, Path workDir) {

  /** The java of this JVM, which is known to run the worker (Java 17+). */
  public static Path currentJava() {
    return ProcessHandle.current()
        .info()
        .command()
        .map(Path::of)
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
  }
}
