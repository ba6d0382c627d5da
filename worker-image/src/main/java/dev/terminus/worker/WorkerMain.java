package dev.terminus.worker;

import java.io.PrintStream;

/**
 * Entry point of the reference node runner. Placeholder: the components (command, http, llm), the
 * result protocol and heartbeats come later; for now it prints its usage and exits 2.
 */
public final class WorkerMain {
  /** Exit code for a usage error (as with most command-line tools). */
  static final int EXIT_USAGE = 2;

  static final String USAGE =
      String.join(
          System.lineSeparator(),
          "Usage: terminus-worker",
          "",
          "The Terminus reference worker runs one node attempt inside a Job's Pod.",
          "It is configured through the environment set by the operator:",
          "  TERMINUS_EXECUTION  name of the WorkflowExecution",
          "  TERMINUS_NODE       name of the node",
          "  TERMINUS_ATTEMPT    attempt number",
          "  TERMINUS_COMPONENT  component to run: command, http or llm",
          "  TERMINUS_CONFIG     component configuration (JSON)",
          "  TERMINUS_INPUTS     outputs of the upstream nodes (JSON)",
          "",
          "Not implemented yet: this build only prints this text and exits " + EXIT_USAGE + ".");

  private WorkerMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.err));
  }

  /** Runs the worker and returns its exit code. */
  static int run(String[] args, PrintStream err) {
    err.println(USAGE);
    return EXIT_USAGE;
  }
}
