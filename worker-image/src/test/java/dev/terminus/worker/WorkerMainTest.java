package dev.terminus.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerMainTest {
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(buffer, true, StandardCharsets.UTF_8);

  @Test
  void withoutAComponentItPrintsUsageAndExitsTwo() {
    int code = WorkerMain.run(new String[0], Map.of(), err);

    assertThat(code).isEqualTo(2);
    assertThat(buffer.toString(StandardCharsets.UTF_8))
        .startsWith("Usage: terminus-worker")
        .contains("TERMINUS_COMPONENT");
  }

  @Test
  void helpPrintsUsageAndExitsZero() {
    int code =
        WorkerMain.run(new String[] {"--help"}, Map.of("TERMINUS_COMPONENT", "command"), err);

    assertThat(code).isZero();
    assertThat(buffer.toString(StandardCharsets.UTF_8)).startsWith("Usage: terminus-worker");
  }
}
