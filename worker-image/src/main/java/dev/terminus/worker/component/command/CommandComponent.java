package dev.terminus.worker.component.command;

import dev.terminus.worker.FailureTypes;
import dev.terminus.worker.WorkerFailure;
import dev.terminus.worker.component.Component;
import dev.terminus.worker.component.ComponentContext;
import dev.terminus.worker.component.ComponentOutput;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program; its stdout (trailing line breaks removed, as a shell's {@code $(...)} does) is
 * the output. A non-zero exit is a {@code CommandFailed} with the exit code and the end of stderr.
 * Stderr is also copied to the worker's stderr, so it shows in the container log.
 */
public final class CommandComponent implements Component {
  /**
   * How much of stderr a failure carries: enough for a stack trace's end, within the 4 KiB result.
   */
  static final int STDERR_TAIL_BYTES = 2048;

  /**
   * After the child exits, how long to wait for its pipes to close. A background grandchild can
   * hold them open forever; the output read until then is kept.
   */
  private static final Duration PIPE_GRACE = Duration.ofSeconds(5);

  private final PrintStream stderrCopy;

  public CommandComponent() {
    this(System.err);
  }

  CommandComponent(PrintStream stderrCopy) {
    this.stderrCopy = stderrCopy;
  }

  @Override
  public ComponentOutput run(ComponentContext context) throws WorkerFailure, InterruptedException {
    CommandConfig config = CommandConfig.parse(context.config()).filled(context.templates());
    Process process = start(config);
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    TailBuffer stderrTail = new TailBuffer(STDERR_TAIL_BYTES);
    StreamPump out =
        StreamPump.start("command-stdout", process.getInputStream(), List.of(stdout::write));
    StreamPump err =
        StreamPump.start(
            "command-stderr",
            process.getErrorStream(),
            List.of(stderrTail::write, StreamPump.Sink.of(stderrCopy)));
    try {
      if (!finishedInTime(process, config)) {
        destroyTree(process);
        err.awaitEnd(PIPE_GRACE.toMillis()); // the last words before the kill
        throw new WorkerFailure(
            FailureTypes.COMMAND_TIMEOUT,
            "command did not finish within "
                + config.timeout().orElseThrow().toSeconds()
                + "s and was killed; "
                + describe(stderrTail));
      }
      int exitCode = process.exitValue();
      boolean complete = out.awaitEnd(PIPE_GRACE.toMillis()) & err.awaitEnd(PIPE_GRACE.toMillis());
      if (!complete) {
        context.log().warn("the command exited but a child of it still holds its output open");
      }
      if (exitCode != 0) {
        throw new WorkerFailure(
            FailureTypes.COMMAND_FAILED,
            "command exited with code " + exitCode + "; " + describe(stderrTail));
      }
      return ComponentOutput.of(stripTrailingLineBreaks(stdout.toString(StandardCharsets.UTF_8)));
    } finally {
      destroyTree(process); // nothing the command started outlives the node
    }
  }

  private static Process start(CommandConfig config) throws WorkerFailure {
    ProcessBuilder builder = new ProcessBuilder(config.argv());
    builder.environment().putAll(config.env());
    // The Pod's root filesystem is read-only; /tmp (an emptyDir) is where a command can write.
    builder.directory(new File(System.getProperty("java.io.tmpdir")));
    try {
      Process process = builder.start();
      process.getOutputStream().close(); // no stdin: a command waiting for input would hang
      return process;
    } catch (IOException e) {
      throw new WorkerFailure(
          FailureTypes.COMMAND_FAILED,
          "could not start " + config.argv().get(0) + ": " + e.getMessage());
    }
  }

  private static boolean finishedInTime(Process process, CommandConfig config)
      throws InterruptedException {
    if (config.timeout().isEmpty()) {
      process.waitFor();
      return true;
    }
    return process.waitFor(config.timeout().get().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Kills the command first, so a shell does not report its killed children ("Killed") into the
   * stderr tail, then whatever it started (listed before, while they are still its descendants).
   */
  private static void destroyTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }

  private static String describe(TailBuffer stderr) {
    String tail = stderr.text().strip();
    if (tail.isEmpty()) {
      return "stderr was empty";
    }
    return (stderr.cut() ? "stderr (last " + STDERR_TAIL_BYTES + " bytes): " : "stderr: ") + tail;
  }

  private static String stripTrailingLineBreaks(String text) {
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(0, end);
  }
}
