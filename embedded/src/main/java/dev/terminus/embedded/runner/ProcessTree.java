package dev.terminus.embedded.runner;

import java.util.List;

/**
 * Kills a process with everything it started, as a container's end takes its whole process tree:
 * the worker's {@code command} component starts a shell, which may start more. SIGKILL, as the
 * kubelet's last word; descendants first, twice, so that one forked meanwhile is caught too.
 */
final class ProcessTree {

  private ProcessTree() {}

  static void kill(ProcessHandle root) {
    for (int pass = 0; pass < 2; pass++) {
      List<ProcessHandle> descendants = root.descendants().toList();
      descendants.forEach(ProcessHandle::destroyForcibly);
    }
    root.destroyForcibly();
  }
}
