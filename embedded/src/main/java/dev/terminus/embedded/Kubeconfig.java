package dev.terminus.embedded;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kubeconfig with which kubectl reaches the embedded API: no TLS, no credentials. */
final class Kubeconfig {

  static final String NAME = "terminus-embedded";

  private Kubeconfig() {}

  /** Writes the kubeconfig for {@code server} to {@code file}, creating its directory. */
  static void write(Path file, URI server, String namespace) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Files.writeString(
        file,
        String.join(
            "\n",
            "# Written by Terminus embedded mode (make run); valid while it runs.",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: " + NAME,
            "  cluster:",
            "    server: " + server,
            "contexts:",
            "- name: " + NAME,
            "  context:",
            "    cluster: " + NAME,
            "    user: " + NAME,
            "    namespace: " + namespace,
            "current-context: " + NAME,
            "users:",
            "- name: " + NAME,
            "  user: {}",
            ""));
  }
}
