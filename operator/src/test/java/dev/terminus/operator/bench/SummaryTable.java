package dev.terminus.operator.bench;

import java.io.PrintStream;
import java.util.List;

/** The run's figures and target checks as Markdown tables, ready for docs/benchmarks.md. */
final class SummaryTable {

  private SummaryTable() {}

  static void print(PrintStream out, List<Figure> figures, List<Targets.Check> checks) {
    out.println();
    out.println("| Figure | Value | Unit | Repetitions |");
    out.println("|---|---:|---|---|");
    for (Figure f : figures) {
      out.printf(
          "| %s | %s | %s | %s |%n",
          f.label().trim(), Format.number(f.value()), f.unit(), samples(f.samples()));
    }
    out.println();
    out.println("| Target | Figure | Value | Met |");
    out.println("|---|---|---:|---|");
    for (Targets.Check c : checks) {
      out.printf(
          "| %s | %s | %s | %s |%n",
          c.target(), c.figure(), Format.number(c.value()), c.met() ? "yes" : "**no**");
    }
  }

  private static String samples(List<Double> samples) {
    if (samples.size() < 2) {
      return "";
    }
    return String.join(", ", samples.stream().map(Format::number).toList());
  }
}
