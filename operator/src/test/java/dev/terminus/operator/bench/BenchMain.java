package dev.terminus.operator.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * {@code make bench}: runs the benchmarks against the in-process API server and prints a table;
 * writes every figure to a JSON file. Not a test: {@code make test} never runs it. Method and
 * latest figures: docs/benchmarks.md.
 */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) {
    try {
      run();
      System.exit(0);
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run() throws Exception {
    quietLogs();
    BenchSettings settings = BenchSettings.fromSystemProperties();
    Machine machine = new Machine();
    System.out.println("Terminus benchmarks on " + machine.summary());
    System.out.println("warming up (not measured)");
    Warmup.run();
    BenchReport report = new BenchReport();
    if (settings.runs("requests")) {
      System.out.println("requests per node attempt (realistic cluster)");
      new RequestCostBench(settings).run(report);
    }
    if (settings.runs("throughput")) {
      System.out.println("throughput");
      new ThroughputBench(settings).run(report);
    }
    if (settings.runs("latency")) {
      System.out.println("latency (lean cluster)");
      new LatencyBench(settings).run(report);
    }
    if (settings.runs("restart")) {
      System.out.println("restart recovery (lean cluster)");
      new RestartBench(settings).run(report);
    }
    if (settings.runs("status")) {
      System.out.println("status size (engine)");
      new StatusSizeBench().run(report);
    }
    if (settings.runs("heap")) {
      System.out.println("operator heap (realistic cluster)");
      new HeapBench(settings).run(report);
    }
    machine.finished();
    List<Targets.Check> checks = Targets.check(report.figures());
    SummaryTable.print(System.out, report.figures(), checks);
    ResultsFile.write(settings.output(), machine, settings, report, checks);
    System.out.println("wrote " + settings.output().toAbsolutePath());
  }

  /** The operator logs every Job at INFO; at benchmark rates that is noise on the console. */
  private static void quietLogs() {
    String level = System.getProperty("bench.logLevel", "WARN");
    ((Logger) LoggerFactory.getLogger("dev.terminus")).setLevel(Level.toLevel(level));
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(Level.toLevel(level));
  }
}
