package dev.terminus.worker;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the reference worker: runs one node attempt inside a Job's Pod, configured by the
 * environment the operator sets, and reports through the exit code and the result file.
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
          "  TERMINUS_EXECUTION    name of the WorkflowExecution",
          "  TERMINUS_EXECUTION_UID  its metadata.uid: names the Redis keys (default: the name)",
          "  TERMINUS_NODE         name of the node",
          "  TERMINUS_ATTEMPT      attempt number",
          "  TERMINUS_COMPONENT    component to run: command, http or llm",
          "  TERMINUS_CONFIG       component configuration (JSON object)",
          "  TERMINUS_INPUTS       execution inputs and upstream outputs (JSON object)",
          "  TERMINUS_RESULT_PATH  where to write the result (default /dev/termination-log)",
          "  TERMINUS_REDIS_URL    redis://[[user]:password@]host[:port][/db], optional:",
          "                        large outputs and heartbeats",
          "  TERMINUS_HEARTBEAT_INTERVAL_SECONDS  heartbeat period, optional (needs Redis)",
          "  TERMINUS_API_KEY      API key of the llm component (or the variable in apiKeyEnv)",
          "",
          "Exit code: 0 succeeded, 1 failed (the result says why), 2 usage.");

  private WorkerMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.err, true));
  }

  /** Runs the worker and returns its exit code. */
  static int run(String[] args, Map<String, String> env, PrintStream err) {
    return run(args, env, err, false);
  }

  private static int run(
      String[] args, Map<String, String> env, PrintStream err, boolean onSigterm) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      err.println(USAGE);
      return 0;
    }
    if (!WorkerEnvironment.hasComponent(env)) {
      err.println(USAGE);
      return EXIT_USAGE;
    }
    Worker worker = new Worker(env, err, Clock.systemUTC());
    if (onSigterm) {
      // Runs on SIGTERM, and harmlessly after a normal exit (the result is written by then).
      Runtime.getRuntime().addShutdownHook(new Thread(worker::terminate, "terminus-sigterm"));
    }
    return worker.run();
  }
}
