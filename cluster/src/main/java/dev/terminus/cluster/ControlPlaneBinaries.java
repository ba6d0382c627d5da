package dev.terminus.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the pinned kube-apiserver, kube-controller-manager, kubectl and etcd are: the folder that
 * {@code controlplane/build.sh} prints, after building them into its cache when they are missing (a
 * no-op when they are there). {@code TERMINUS_K8S_BIN} names a folder to use instead.
 */
public final class ControlPlaneBinaries {

  public static final List<String> NAMES =
      List.of("etcd", "kube-apiserver", "kube-controller-manager", "kubectl");

  private final Path dir;

  private ControlPlaneBinaries(Path dir) {
    this.dir = dir;
  }

  public static ControlPlaneBinaries locate() {
    String given = System.getenv("TERMINUS_K8S_BIN");
    Path dir = given != null && !given.isBlank() ? Path.of(given) : build();
    for (String name : NAMES) {
      if (!Files.isExecutable(dir.resolve(name))) {
        throw new IllegalStateException("no executable " + name + " in " + dir);
      }
    }
    return new ControlPlaneBinaries(dir);
  }

  public Path path(String name) {
    return dir.resolve(name);
  }

  public Path dir() {
    return dir;
  }

  /** Runs controlplane/build.sh of this repository; its last line of output is the folder. */
  private static Path build() {
    Path script = RepositoryRoot.find().resolve("controlplane/build.sh");
    try {
      Process process =
          new ProcessBuilder("bash", script.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out;
      try (InputStream stdout = process.getInputStream()) {
        out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8).strip();
      }
      if (process.waitFor() != 0 || out.isEmpty()) {
        throw new IllegalStateException(
            "controlplane/build.sh failed (exit " + process.exitValue() + "); it needs Go >= 1.26");
      }
      return Path.of(out.substring(out.lastIndexOf('\n') + 1));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted building the control plane", e);
    }
  }
}
