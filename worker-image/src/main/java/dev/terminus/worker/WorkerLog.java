package dev.terminus.worker;

import java.io.PrintStream;
import java.util.List;

/**
 * Log lines on stderr, which Kubernetes keeps as the container log. Every line goes through the
 * redaction of known secret values, so a key can never reach the log even by accident. Deliberately
 * not a logging framework: one short-lived process, a handful of lines.
 */
public final class WorkerLog {
  private final PrintStream err;
  private final Redactor redactor;

  public WorkerLog(PrintStream err, Redactor redactor) {
    this.err = err;
    this.redactor = redactor;
  }

  /** A log that redacts nothing, for code that never sees a secret (and tests). */
  public static WorkerLog to(PrintStream err) {
    return new WorkerLog(err, new Redactor(List.of()));
  }

  public void info(String message) {
    print("INFO", message);
  }

  public void warn(String message) {
    print("WARN", message);
  }

  public void error(String message) {
    print("ERROR", message);
  }

  private void print(String level, String message) {
    err.println("terminus-worker " + level + " " + redactor.redact(message));
    err.flush();
  }
}
