package dev.terminus.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WorkerMainTest {
  @Test
  void placeholderPrintsUsageAndExitsTwo() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int code;
    try (PrintStream err = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      code = WorkerMain.run(new String[0], err);
    }
    assertThat(code).isEqualTo(2);
    assertThat(buffer.toString(StandardCharsets.UTF_8))
        .startsWith("Usage: terminus-worker")
        .contains("TERMINUS_COMPONENT");
  }
}
