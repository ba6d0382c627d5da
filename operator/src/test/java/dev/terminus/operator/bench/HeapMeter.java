package dev.terminus.operator.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap in use after full collections, from {@link MemoryMXBean}. */
final class HeapMeter {

  private static final int COLLECTIONS = 4;

  private HeapMeter() {}

  /** Bytes of heap in use once garbage is collected (several GCs, until the figure settles). */
  static long usedAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < COLLECTIONS; i++) {
      System.gc();
      Thread.sleep(200);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
