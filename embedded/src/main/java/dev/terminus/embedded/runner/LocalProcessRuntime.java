package dev.terminus.embedded.runner;

import dev.terminus.kubesim.ContainerRuntime;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The container runtime of the node agent beside a real control plane ({@code make run
 * RUN_ARGS=--api=kube-apiserver}): each Pod's container runs as a local process, as the local
 * runner runs it for the embedded API; Kubernetes' own Job controller does the rest (deadlines, Job
 * status, deleting the Pods).
 */
public final class LocalProcessRuntime implements ContainerRuntime {

  private final ContainerLauncher launcher;
  private final Path workDir;

  public LocalProcessRuntime(KubernetesClient client, RunnerSettings settings) {
    this.launcher = new ContainerLauncher(client, settings);
    this.workDir = settings.workDir();
  }

  @Override
  public Container start(Pod pod, Reports reports) {
    Path dir = podDir(pod);
    ContainerLauncher.Launch launch = launcher.launch(pod, dir);
    if (launch instanceof ContainerLauncher.Waiting waiting) {
      reports.waiting(waiting.reason(), waiting.message());
      return () -> {};
    }
    if (launch instanceof ContainerLauncher.Failed failed) {
      reports.exited(failed.exitCode(), failed.reason(), failed.message());
      return () -> {};
    }
    Process process = ((ContainerLauncher.Started) launch).process();
    AtomicBoolean stopped = new AtomicBoolean();
    reports.running();
    process
        .onExit()
        .thenAccept(
            p -> {
              if (!stopped.get()) {
                exited(pod, dir, p.exitValue(), reports);
              }
            });
    return () -> {
      stopped.set(true);
      ProcessTree.kill(process.toHandle());
    };
  }

  private static void exited(Pod pod, Path dir, int exitCode, Reports reports) {
    String message = TerminationMessage.ofPod(pod, dir, exitCode);
    reports.exited(exitCode, exitCode == 0 ? "Completed" : "Error", message);
  }

  private Path podDir(Pod pod) {
    try {
      return Files.createDirectories(
          workDir.resolve(pod.getMetadata().getNamespace()).resolve(pod.getMetadata().getName()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
