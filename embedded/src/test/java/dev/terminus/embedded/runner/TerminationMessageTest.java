package dev.terminus.embedded.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminationMessageTest {

  @TempDir Path dir;

  @Test
  void theTerminationLogWinsCappedAt4096Bytes() throws IOException {
    Files.writeString(dir.resolve("termination-log"), "x".repeat(5000));
    Files.writeString(dir.resolve("log"), "noise\n");

    String message = message(1);

    assertThat(message).hasSize(4096);
  }

  @Test
  void aFailedContainerWithoutTerminationLogReportsTheTailOfItsLog() throws IOException {
    String log =
        IntStream.range(0, 200)
            .mapToObj(i -> "line " + i)
            .collect(Collectors.joining("\n", "", "\n"));
    Files.writeString(dir.resolve("log"), log);

    String message = message(2);

    assertThat(message).endsWith("line 199\n").doesNotContain("line 119\n");
    assertThat(message.lines()).hasSize(80);
  }

  @Test
  void aSucceededContainerWithoutTerminationLogHasNoMessage() throws IOException {
    Files.writeString(dir.resolve("log"), "done\n");

    assertThat(message(0)).isNull();
  }

  private String message(int exitCode) {
    return TerminationMessage.of(
        dir.resolve("termination-log"), dir.resolve("log"), exitCode, "FallbackToLogsOnError");
  }
}
