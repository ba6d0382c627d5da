package dev.terminus.worker.result;

import dev.terminus.protocol.WorkerResult;
import dev.terminus.worker.Redactor;
import dev.terminus.worker.WorkerLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes the attempt's result exactly once. The main thread and the SIGTERM hook race to write:
 * whoever comes first wins, and a later call changes nothing, so a real result is never replaced by
 * "Terminated" (nor the other way round).
 */
public final class ResultWriter {
  private final Path path;
  private final ResultFitter fitter;
  private final Redactor redactor;
  private final WorkerLog log;
  private boolean written;

  public ResultWriter(Path path, ResultFitter fitter, Redactor redactor, WorkerLog log) {
    this.path = path;
    this.fitter = fitter;
    this.redactor = redactor;
    this.log = log;
  }

  /** Writes the result unless one was written already; returns whether this call wrote it. */
  public synchronized boolean writeOnce(WorkerResult result) {
    if (written) {
      return false;
    }
    written = true;
    String json =
        fitter.fit(
            result.withTexts(
                redactor.redact(result.output()), redactor.redact(result.errorMessage())));
    try {
      // No CREATE_NEW: /dev/termination-log exists already (the kubelet creates it).
      Files.writeString(
          path,
          json,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      // The exit code still tells success from failure; the log keeps the result for a person.
      log.error("could not write the result to " + path + ": " + e + "; result: " + json);
    }
    return true;
  }

  public synchronized boolean written() {
    return written;
  }
}
