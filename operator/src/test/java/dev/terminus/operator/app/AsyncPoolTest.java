package dev.terminus.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsyncPoolTest {

  @Test
  void anExplicitSettingWins() {
    String before = System.getProperty(AsyncPool.PARALLELISM);
    try {
      System.setProperty(AsyncPool.PARALLELISM, "7");
      AsyncPool.ensureParallelism();
      assertThat(System.getProperty(AsyncPool.PARALLELISM)).isEqualTo("7");
    } finally {
      restore(before);
    }
  }

  @Test
  void withoutASettingThePoolGetsAtLeastTwoThreads() {
    String before = System.getProperty(AsyncPool.PARALLELISM);
    try {
      System.clearProperty(AsyncPool.PARALLELISM);
      AsyncPool.ensureParallelism();
      assertThat(Integer.parseInt(System.getProperty(AsyncPool.PARALLELISM)))
          .isGreaterThanOrEqualTo(2)
          .isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors() - 1);
    } finally {
      restore(before);
    }
  }

  private static void restore(String value) {
    if (value == null) {
      System.clearProperty(AsyncPool.PARALLELISM);
    } else {
      System.setProperty(AsyncPool.PARALLELISM, value);
    }
  }
}
