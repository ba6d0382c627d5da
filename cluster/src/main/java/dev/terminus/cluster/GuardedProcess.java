package dev.terminus.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process that cannot outlive this JVM. It is started under a small shell guard that holds
 * the read end of a pipe from the JVM: when the JVM exits, however it exits (even {@code kill -9}),
 * the pipe closes and the guard stops the child (SIGTERM, then SIGKILL after 5 s). A shutdown hook
 * would not run on a crash; {@code PR_SET_PDEATHSIG} fires when the forking thread ends, not the
 * JVM.
 */
public final class GuardedProcess implements AutoCloseable {

  // A background list's stdin is /dev/null unless redirected: the lifeline is kept on fd 3.
  private static final String GUARD =
      "exec 3<&0; \"$@\" </dev/null & child=$!; "
          + "(cat <&3 >/dev/null; kill -TERM $child 2>/dev/null; sleep 5;"
          + " kill -KILL $child 2>/dev/null) & "
          + "exec 3<&-; wait $child";

  private final String name;
  private final Process guard;
  private final OutputStream lifeline;

  private GuardedProcess(String name, Process guard) {
    this.name = name;
    this.guard = guard;
    this.lifeline = guard.getOutputStream();
  }

  /** Starts {@code command}, its stdout and stderr appended to {@code log}. */
  public static GuardedProcess start(String name, List<String> command, Path log)
      throws IOException {
    return start(name, command, log, Map.of());
  }

  /** As {@link #start(String, List, Path)}, with {@code env} over this JVM's environment. */
  public static GuardedProcess start(
      String name, List<String> command, Path log, Map<String, String> env) throws IOException {
    List<String> full = new ArrayList<>(List.of("/bin/sh", "-c", GUARD, name));
    full.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(full)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    return new GuardedProcess(name, builder.start());
  }

  public String name() {
    return name;
  }

  public boolean isAlive() {
    return guard.isAlive();
  }

  /** Stops the child the way the guard does when the JVM dies, and waits at most {@code bound}. */
  public void stop(Duration bound) {
    try {
      lifeline.close();
    } catch (IOException e) {
      // Already closed: the guard is stopping the child.
    }
    try {
      if (!guard.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        guard.descendants().forEach(ProcessHandle::destroyForcibly);
        guard.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** CPU time the child (and its own children) used so far, as the kernel counts it. */
  public Duration cpu() {
    return guard
        .descendants()
        .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
        .reduce(Duration.ZERO, Duration::plus);
  }

  /** Kills the child at once with SIGKILL, as a crash would (no graceful stop), and waits. */
  public void kill() {
    guard.descendants().forEach(ProcessHandle::destroyForcibly);
    guard.destroyForcibly();
    try {
      guard.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }
}
