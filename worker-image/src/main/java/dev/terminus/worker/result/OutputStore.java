package dev.terminus.worker.result;

import java.util.Optional;

/** Somewhere to keep an output too large for the termination message. */
public interface OutputStore {
  /** No store configured: large outputs are only truncated. */
  OutputStore NONE = output -> Optional.empty();

  /** Stores the full output; returns a reference to it, or empty when it could not be stored. */
  Optional<String> store(String output);
}
