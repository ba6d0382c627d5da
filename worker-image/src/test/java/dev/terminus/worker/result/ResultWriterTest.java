package dev.terminus.worker.result;

import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.protocol.WorkerResult;
import dev.terminus.worker.Redactor;
import dev.terminus.worker.WorkerLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultWriterTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @Test
  void theFirstResultWinsAndIsNeverOverwritten() throws Exception {
    Path path = dir.resolve("termination-log");
    ResultWriter writer = writer(path, List.of());

    assertThat(writer.writeOnce(WorkerResult.succeeded("done", null))).isTrue();
    assertThat(writer.writeOnce(WorkerResult.failed("Terminated", "stopped"))).isFalse();

    assertThat(Files.readString(path)).isEqualTo("{\"status\":\"succeeded\",\"output\":\"done\"}");
    assertThat(writer.written()).isTrue();
  }

  @Test
  void secretsAreRedactedFromOutputAndError() throws Exception {
    Path path = dir.resolve("termination-log");

    writer(path, List.of("sk-secret-value"))
        .writeOnce(WorkerResult.failed("X", "key sk-secret-value bad"));

    assertThat(Files.readString(path))
        .contains("key [REDACTED] bad")
        .doesNotContain("sk-secret-value");
  }

  @Test
  void anUnwritablePathIsLoggedWithTheResult() {
    ResultWriter writer = writer(dir.resolve("no/such/dir/result"), List.of());

    assertThat(writer.writeOnce(WorkerResult.succeeded("x", null))).isTrue();
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("could not write the result")
        .contains("{\"status\":\"succeeded\",\"output\":\"x\"}");
  }

  private ResultWriter writer(Path path, List<String> secrets) {
    Redactor redactor = new Redactor(secrets);
    return new ResultWriter(
        path,
        new ResultFitter(OutputStore.NONE),
        redactor,
        new WorkerLog(new PrintStream(log, true, StandardCharsets.UTF_8), redactor));
  }
}
