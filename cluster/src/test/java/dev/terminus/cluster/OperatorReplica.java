package dev.terminus.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An operator replica ({@link ReplicaMain}) in a child JVM that a test can stop or kill -9. */
public final class OperatorReplica implements AutoCloseable {

  private final String identity;
  private final GuardedProcess process;

  private OperatorReplica(String identity, GuardedProcess process) {
    this.identity = identity;
    this.process = process;
  }

  static OperatorReplica start(
      String identity, Map<String, String> env, Path kubeconfig, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The chart's JDK_JAVA_OPTIONS come with the env; the suite adds its own (fast start-up).
    command.addAll(
        List.of(
            System.getProperty("terminus.replicaJvmFlags", "-Xmx512m -XX:TieredStopAtLevel=1")
                .trim()
                .split("\\s+")));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ReplicaMain.class.getName());
    Map<String, String> environment = new java.util.LinkedHashMap<>(env);
    environment.put("KUBECONFIG", kubeconfig.toString());
    environment.put("HOSTNAME", identity);
    try {
      return new OperatorReplica(
          identity, GuardedProcess.start("operator-" + identity, command, log, environment));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String identity() {
    return identity;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** CPU time the replica's JVM has used so far. */
  public java.time.Duration cpu() {
    return process.cpu();
  }

  /** SIGKILL: no graceful stop, no Lease release, in-flight requests cut. */
  public void kill() {
    process.kill();
  }

  @Override
  public void close() {
    process.close();
  }
}
