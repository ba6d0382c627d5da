package dev.terminus.worker.component;

import dev.terminus.worker.FailureTypes;
import dev.terminus.worker.WorkerFailure;

/**
 * Reads an upstream output that TERMINUS_INPUTS gives by reference, {@code {"outputRef":
 * "redis://...", "preview": "..."}}, because it did not fit in the upstream's termination message.
 */
@FunctionalInterface
public interface OutputReader {
  /** Reads nothing: every ref is unavailable. For contexts that have no store to read from. */
  OutputReader NONE =
      (node, ref) -> {
        throw new WorkerFailure(
            FailureTypes.INPUT_UNAVAILABLE,
            "the output of upstream node "
                + node
                + " is kept at "
                + ref
                + ", which is not read here");
      };

  /**
   * The full output of {@code node}.
   *
   * @throws WorkerFailure of type {@code InputUnavailable} when it cannot be read
   */
  String read(String node, String ref) throws WorkerFailure;
}
