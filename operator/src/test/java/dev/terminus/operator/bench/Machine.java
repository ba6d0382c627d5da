package dev.terminus.operator.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine a run was measured on: cores, JDK, heap, and the load average at the start and the
 * end (other processes share the cores; the figures are only as quiet as the machine was).
 */
final class Machine {

  private final Instant startedAt = Instant.now();
  private final double loadAtStart = loadAverage();
  private double loadAtEnd = Double.NaN;

  void finished() {
    loadAtEnd = loadAverage();
  }

  Map<String, Object> asMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("startedAt", startedAt.toString());
    out.put("cores", Runtime.getRuntime().availableProcessors());
    out.put("cpu", cpuModel());
    out.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    out.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    out.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    out.put("loadAverageAtStart", loadAtStart);
    out.put("loadAverageAtEnd", loadAtEnd);
    return out;
  }

  /** One line for the table's header. */
  String summary() {
    return String.format(
        "%d cores (%s), %s %s, load average %.1f at start",
        Runtime.getRuntime().availableProcessors(),
        cpuModel(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        loadAtStart);
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException | RuntimeException e) {
      return "unknown CPU";
    }
  }
}
