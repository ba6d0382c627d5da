package dev.terminus.embedded.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {

  @Test
  void killsTheProcessAndEverythingItStarted() throws Exception {
    Process shell = new ProcessBuilder("sh", "-c", "sleep 300 & sleep 300 & wait").start();
    await().atMost(Duration.ofSeconds(10)).until(() -> shell.descendants().count() == 2);
    List<ProcessHandle> children = shell.descendants().toList();

    ProcessTree.kill(shell.toHandle());

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !shell.isAlive() && children.stream().noneMatch(ProcessHandle::isAlive));
    assertThat(shell.exitValue()).isEqualTo(137);
  }
}
