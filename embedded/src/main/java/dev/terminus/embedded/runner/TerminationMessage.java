package dev.terminus.embedded.runner;

import dev.terminus.protocol.WorkerResult;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The termination message the kubelet reports for a container that ended: the termination-log file
 * (at most 4096 bytes), or, under {@code FallbackToLogsOnError} when the container failed and wrote
 * no file, the tail of its log (the last 80 lines, at most 2048 bytes).
 */
final class TerminationMessage {

  static final int MAX_FILE_BYTES = WorkerResult.MAX_BYTES;
  static final int MAX_LOG_BYTES = 2048;
  static final int MAX_LOG_LINES = 80;

  private TerminationMessage() {}

  /**
   * The termination message of {@code pod}'s container that exited {@code exitCode}, from the Pod's
   * directory (its termination log, else its log's tail under FallbackToLogsOnError).
   */
  static String ofPod(Pod pod, Path dir, int exitCode) {
    String policy = pod.getSpec().getContainers().get(0).getTerminationMessagePolicy();
    return of(
        dir.resolve(ContainerLauncher.TERMINATION_LOG),
        dir.resolve(ContainerLauncher.LOG),
        exitCode,
        policy);
  }

  static String of(Path terminationLog, Path log, int exitCode, String policy) {
    String file = readCapped(terminationLog, MAX_FILE_BYTES);
    if (!file.isEmpty()) {
      return file;
    }
    if (exitCode != 0 && "FallbackToLogsOnError".equals(policy)) {
      String tail = tail(log, MAX_LOG_LINES, MAX_LOG_BYTES);
      return tail.isEmpty() ? null : tail;
    }
    return null;
  }

  /** The last lines of the file, at most {@code maxBytes} of them. */
  static String tail(Path file, int maxLines, int maxBytes) {
    if (!Files.isRegularFile(file)) {
      return "";
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      int size = (int) Math.min(length, maxBytes);
      byte[] bytes = new byte[size];
      in.seek(length - size);
      in.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      List<String> lines = Arrays.asList(text.split("\n", -1));
      // The text ends with a line break, so the last element is empty: keep it besides maxLines.
      if (lines.size() - 1 > maxLines) {
        lines = lines.subList(lines.size() - 1 - maxLines, lines.size());
      }
      return String.join("\n", lines);
    } catch (IOException e) {
      return "";
    }
  }

  private static String readCapped(Path file, int maxBytes) {
    if (!Files.isRegularFile(file)) {
      return "";
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      return new String(
          Arrays.copyOf(bytes, Math.min(bytes.length, maxBytes)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
