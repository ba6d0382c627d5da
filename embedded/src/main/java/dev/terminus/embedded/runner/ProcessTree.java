package dev.terminus.embedded.runner;

import java.util.List;

/**
 * Kills a process with everything it started, as a container's end takes its whole process tree:
 * the worker's {@code command} component starts a shell, which may start more. SIGKILL, as the
 * kubelet's last word. The main process goes first, so that it dies of the signal (exit 137) rather
 * than of its children's deaths; its descendants are listed before, and theirs before each dies.
 */
final class ProcessTree {

  private ProcessTree() {}

  static void kill(ProcessHandle root) {
    List<ProcessHandle> descendants = root.descendants().toList();
    root.destroyForcibly();
    for (ProcessHandle process : descendants) {
      List<ProcessHandle> late = process.descendants().toList();
      process.destroyForcibly();
      late.forEach(ProcessHandle::destroyForcibly);
    }
  }
}
