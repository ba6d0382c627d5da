package dev.terminus.embedded.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ContainerCommandTest {

  private static final RunnerSettings SETTINGS =
      new RunnerSettings(
          "ghcr.io/terminus-dev/worker:0.1.0",
          Path.of("/w/terminus-worker.jar"),
          Path.of("/jdk/bin/java"),
          Path.of("/tmp/work"));

  @Test
  void theWorkerImageRunsTheWorkerJar() {
    Container worker =
        new ContainerBuilder().withImage("ghcr.io/terminus-dev/worker:0.1.0").build();

    assertThat(ContainerCommand.of(worker, SETTINGS))
        .startsWith("/jdk/bin/java")
        .endsWith("-jar", "/w/terminus-worker.jar");
  }

  @Test
  void anyTagOfTheWorkerRepositoryIsTheWorkerAndArgsFollow() {
    Container worker =
        new ContainerBuilder()
            .withImage("ghcr.io/terminus-dev/worker@sha256:abc")
            .withArgs("--help")
            .build();

    assertThat(ContainerCommand.of(worker, SETTINGS)).endsWith("/w/terminus-worker.jar", "--help");
  }

  @Test
  void otherImagesRunTheirCommandAndArgsLocally() {
    Container busybox =
        new ContainerBuilder()
            .withImage("busybox:1.36")
            .withCommand("sh", "-c")
            .withArgs("echo hi")
            .build();

    assertThat(ContainerCommand.of(busybox, SETTINGS)).containsExactly("sh", "-c", "echo hi");
  }

  @Test
  void anImageWithoutCommandCannotRun() {
    Container nginx = new ContainerBuilder().withImage("nginx").build();

    assertThatThrownBy(() -> ContainerCommand.of(nginx, SETTINGS))
        .hasMessageContaining("cannot run the entrypoint of image \"nginx\"");
  }
}
