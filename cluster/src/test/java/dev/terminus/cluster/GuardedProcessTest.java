package dev.terminus.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No control-plane process outlives the JVM that started it, however that JVM ends. */
class GuardedProcessTest {

  /** Starts a guarded {@code sleep}, prints its pid and waits to be killed. */
  public static final class Parent {
    public static void main(String[] args) throws Exception {
      Path log = Files.createTempFile("guarded", ".log");
      GuardedProcess.start("sleep", List.of("sleep", "300"), log);
      long pid =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () ->
                      ProcessHandle.current()
                          .descendants()
                          .filter(p -> p.info().command().orElse("").endsWith("sleep"))
                          .mapToLong(ProcessHandle::pid)
                          .findFirst()
                          .orElse(-1),
                  p -> p > 0);
      System.out.println(pid);
      Thread.sleep(300_000);
    }
  }

  @Test
  void theChildDiesWhenItsJvmIsKilledWithSigkill() throws Exception {
    Process jvm =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Parent.class.getName())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    long child;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
      child = Long.parseLong(out.readLine().strip());
      assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).contains(true);

      jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
      jvm.waitFor();
    }

    await("the guarded child gone")
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false),
            alive -> !alive);
  }

  @Test
  void stopEndsTheChildGracefully() throws Exception {
    GuardedProcess sleep =
        GuardedProcess.start(
            "sleep", List.of("sleep", "300"), Files.createTempFile("guarded", ".log"));
    assertThat(sleep.isAlive()).isTrue();

    sleep.stop(Duration.ofSeconds(10));

    assertThat(sleep.isAlive()).isFalse();
  }
}
