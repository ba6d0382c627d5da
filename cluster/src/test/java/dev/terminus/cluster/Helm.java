package dev.terminus.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The pinned helm that helm/test.sh installs into .tools/ (make helm-test runs before this). */
final class Helm {
  static final String VERSION = "v3.18.0";

  private final Path binary;
  private final Path kubeconfig;

  Helm(Path kubeconfig) {
    String tools = System.getenv("TERMINUS_TOOLS");
    Path dir =
        tools != null && !tools.isBlank()
            ? Path.of(tools)
            : RepositoryRoot.find().resolve(".tools");
    this.binary = dir.resolve("helm-" + VERSION);
    this.kubeconfig = kubeconfig;
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          binary + " is missing: run `make helm-test` (it installs it)");
    }
  }

  /** Runs helm with {@code args} against the cluster and returns its standard output. */
  String run(String... args) {
    List<String> command =
        new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(RepositoryRoot.find().toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("helm " + String.join(" ", args) + " failed:\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + binary, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
