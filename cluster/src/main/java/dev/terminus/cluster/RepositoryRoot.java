package dev.terminus.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/** The root of this repository: the nearest folder upwards that holds controlplane/build.sh. */
public final class RepositoryRoot {
  private RepositoryRoot() {}

  public static Path find() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("controlplane/build.sh"))) {
        return d;
      }
    }
    throw new IllegalStateException("no controlplane/build.sh above " + dir);
  }
}
